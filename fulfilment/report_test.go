package fulfilment_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store/storetest"
	"github.com/ordo-oms/ordo/warehouse"
)

func TestReportsMoveForwardAndNeverBack(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d)
			id, fo := e.released(t, 1)
			steps := []struct {
				u       warehouse.StatusUpdate
				outcome fulfilment.Outcome
				status  order.Status
			}{
				{warehouse.StatusUpdate{EventID: "1", Reference: fo, Code: "PACK"},
					fulfilment.Applied, order.StatusPacked},
				{warehouse.StatusUpdate{EventID: "2", Reference: fo, Code: "PICK"},
					fulfilment.Ignored, order.StatusPacked},
				{warehouse.StatusUpdate{EventID: "1", Reference: fo, Code: "PACK"},
					fulfilment.Duplicate, order.StatusPacked},
				{warehouse.StatusUpdate{EventID: "3", Reference: fo, Code: "SHIP",
					Parcels: []warehouse.Parcel{{ID: "p1", Carrier: "postnl",
						TrackingNumber: "3SABC"}}}, fulfilment.Applied, order.StatusShipped},
				{warehouse.StatusUpdate{EventID: "4", Reference: fo, Code: "PICK"},
					fulfilment.Ignored, order.StatusShipped},
			}
			for _, s := range steps {
				res := e.report(t, s.u)
				if res.Outcome != s.outcome {
					t.Errorf("report %s %s: outcome %s (%s); want %s", s.u.EventID, s.u.Code,
						res.Outcome, res.Detail, s.outcome)
				}
				if got := e.order(t, id).Status; got != s.status {
					t.Errorf("after report %s %s: order %s; want %s", s.u.EventID, s.u.Code,
						got, s.status)
				}
			}
			if l := e.level(t, "TEE-BLK-M"); l.OnHand != 8 || l.Reserved != 0 {
				t.Errorf("TEE-BLK-M on hand %d reserved %d; want 8 and 0 once shipped",
					l.OnHand, l.Reserved)
			}
		})
	}
}

func TestReportsThatCannotApplyAreRefusedAndKept(t *testing.T) {
	e := newEnv(t, "sqlite")
	id, fo := e.released(t, 1)
	tests := []struct {
		name string
		u    warehouse.StatusUpdate
		want string
	}{
		{"unknown code", warehouse.StatusUpdate{EventID: "a", Reference: fo, Code: "LOADED"},
			`unknown status code "LOADED"`},
		{"unknown reference", warehouse.StatusUpdate{EventID: "b", Reference: "nope", Code: "PICK"},
			`no fulfilment order "nope" was released to dc-a`},
		{"shipped without tracking", warehouse.StatusUpdate{EventID: "c", Reference: fo,
			Code: "SHIP", Parcels: []warehouse.Parcel{{Carrier: "postnl"}}},
			"parcels[0]: needs carrier and tracking_number"},
		{"shipped without parcels", warehouse.StatusUpdate{EventID: "d", Reference: fo,
			Code: "SHIP"}, "a shipped report needs its parcels"},
		{"too much of a line", warehouse.StatusUpdate{EventID: "e", Reference: fo, Code: "SHIP",
			Parcels: []warehouse.Parcel{{Carrier: "postnl", TrackingNumber: "X",
				Lines: []warehouse.Line{{OrderID: id, LineID: "1", Quantity: 3}}}}},
			"ships 3 of line 1 of order " + id + ", but only 2 is left to ship"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.report(t, tt.u)
			if res.Outcome != fulfilment.Refused || !strings.Contains(res.Detail, tt.want) {
				t.Errorf("result = %+v; want refused saying %q", res, tt.want)
			}
			var n int
			err := e.db.Read.QueryRow(`SELECT COUNT(*) FROM location_reports
				WHERE event_id = $1 AND outcome = 'refused'`, tt.u.EventID).Scan(&n)
			if err != nil || n != 1 {
				t.Errorf("refused reports kept = %d, %v; want 1", n, err)
			}
		})
	}
	if got := e.order(t, id).Status; got != order.StatusReleased {
		t.Errorf("order status = %s; want released: no refused report may change it", got)
	}
}

func TestAnOrderShipsWhenItsLastLineDoes(t *testing.T) {
	e := newEnv(t, "sqlite")
	id, fo := e.released(t, 1)
	first := e.report(t, warehouse.StatusUpdate{EventID: "1", Reference: fo, Code: "SHIP",
		Parcels: []warehouse.Parcel{{ID: "p1", Carrier: "postnl", TrackingNumber: "T1",
			Lines: []warehouse.Line{{OrderID: id, LineID: "1", Quantity: 1}}}}})
	if first.Outcome != fulfilment.Applied {
		t.Fatalf("first parcel: %+v", first)
	}
	if got := e.order(t, id).Status; got != order.StatusReleased {
		t.Errorf("after one parcel of three units: order %s; want still released", got)
	}
	// The second parcel names no lines: it holds everything left.
	e.report(t, warehouse.StatusUpdate{EventID: "2", Reference: fo, Code: "SHIP",
		Parcels: []warehouse.Parcel{{ID: "p2", Carrier: "postnl", TrackingNumber: "T2"}}})
	if got := e.order(t, id).Status; got != order.StatusShipped {
		t.Errorf("after the last parcel: order %s; want shipped", got)
	}
	if l := e.level(t, "CAP-RED"); l.OnHand != 9 || l.Reserved != 0 {
		t.Errorf("CAP-RED on hand %d reserved %d; want 9 and 0", l.OnHand, l.Reserved)
	}
	if ev := e.events(t, id); !has(ev, order.EventShipped) {
		t.Errorf("events %v; want order.shipped", ev)
	}
}

func TestCountsForMetrics(t *testing.T) {
	e := newEnv(t, "sqlite")
	_, fo := e.released(t, 1)
	e.report(t, warehouse.StatusUpdate{EventID: "a", Reference: fo, Code: "LOADED"})
	e.report(t, warehouse.StatusUpdate{EventID: "b", Reference: fo, Code: "PICK"})
	reports, err := fulfilment.ReportsByOutcome(t.Context(), e.db.Read)
	if err != nil || reports["refused"] != 1 || reports["applied"] != 1 || reports["ignored"] != 0 {
		t.Errorf("reports by outcome %v, %v; want 1 refused, 1 applied, 0 ignored", reports, err)
	}
	orders, err := fulfilment.OrdersByStatus(t.Context(), e.db.Read)
	if err != nil || orders["picked"] != 1 || orders["open"] != 0 {
		t.Errorf("fulfilment orders by status %v, %v; want 1 picked", orders, err)
	}
	e.loc.Connector = warehouse.NewBreaker("dc-a", e.conn, warehouse.BreakerOptions{Failures: 1,
		Cooldown: time.Hour})
	e.conn.err = errors.New("down")
	if _, err := e.loc.Connector.Send(t.Context(), []warehouse.Instruction{{Reference: "x"}}); err == nil {
		t.Fatal("a send to a failing location succeeded")
	}
	if open, _ := e.svc.OpenBreakers(t.Context()); open["dc-a"] != 1 {
		t.Errorf("open breakers %v; want dc-a open after its failure", open)
	}
}
