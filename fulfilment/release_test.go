package fulfilment_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
	"github.com/ordo-oms/ordo/warehouse"
)

func TestReleaseRecordsTheInstructionAndSchedulesItsSend(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d)
			id, fo := e.released(t, 1)

			ins := e.instructions(t, fulfilment.InstructionFilter{FulfilmentID: fo})
			if len(ins) != 1 || ins[0].Reference != fo || ins[0].State != fulfilment.StatePending {
				t.Fatalf("instructions = %+v; want one pending under reference %s", ins, fo)
			}
			var body warehouse.Instruction
			if err := json.Unmarshal(ins[0].Body, &body); err != nil {
				t.Fatal(err)
			}
			if len(body.Lines) != 2 || body.ShipTo == nil || body.ShipTo.Name != "Anna de Vries" ||
				body.ShipTo.Postcode != "1012 LG" || body.Carrier != "postnl" {
				t.Errorf("instruction body = %s", ins[0].Body)
			}
			if got := e.jobs.take(); len(got) != 1 || got[0] != fo {
				t.Errorf("sends scheduled = %v; want [%s]", got, fo)
			}
			if got := e.order(t, id).Status; got != order.StatusReleased {
				t.Errorf("order status = %s; want released", got)
			}
			e.release(t, fo, 0) // Released once only.
		})
	}
}

func TestReleaseWaitsForTheBusinessChecks(t *testing.T) {
	tests := []struct {
		name   string
		change func(*order.Order)
		window fulfilment.Window
		want   string
	}{
		{"payment pending", func(o *order.Order) { o.Payment = order.PaymentPending }, fulfilment.Window{},
			"payment is pending; its channel needs it authorized"},
		{"no postcode", func(o *order.Order) { o.Customer.Shipping.Postcode = "" }, fulfilment.Window{},
			"the shipping address has no postcode"},
		{"window closed", nil, fulfilment.Window{From: 13 * time.Hour, Until: 22 * time.Hour},
			"the release window opens at 13:00 Europe/Amsterdam"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, store.SQLite)
			e.loc.Window = tt.window
			_, fo := e.allocated(t, 1, tt.change)
			e.release(t, fo, 0)
			var waiting string
			err := e.db.Read.QueryRow(`SELECT waiting FROM fulfilment_orders WHERE id = $1`, fo).
				Scan(&waiting)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(waiting, tt.want) {
				t.Errorf("waiting = %q; want it to say %q", waiting, tt.want)
			}
			if ins := e.instructions(t, fulfilment.InstructionFilter{}); len(ins) != 0 {
				t.Errorf("instructions = %+v; want none", ins)
			}
		})
	}
}

func TestReleaseGoesOnceTheWindowOpens(t *testing.T) {
	e := newEnv(t, store.SQLite)
	e.loc.Window = fulfilment.Window{From: 13 * time.Hour, Until: 22 * time.Hour}
	_, fo := e.allocated(t, 1, nil)
	e.release(t, fo, 0)
	e.now = e.now.Add(2 * time.Hour) // 13:00 in Amsterdam
	if ids, err := e.svc.Due(t.Context(), "", 10); err != nil || len(ids) != 1 || ids[0] != fo {
		t.Fatalf("Due = %v, %v; want [%s]", ids, err, fo)
	}
	e.release(t, fo, 1)
}

func TestShadowRecordsAndPromoteSendsTheSame(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d)
			e.loc.Active = false
			_, fo := e.released(t, 1)
			if got := e.jobs.take(); len(got) != 0 {
				t.Fatalf("a shadow location had sends scheduled: %v", got)
			}
			shadow := e.instructions(t, fulfilment.InstructionFilter{State: fulfilment.StateShadow})
			if len(shadow) != 1 || shadow[0].Reference != fo {
				t.Fatalf("shadow instructions = %+v", shadow)
			}

			e.loc.Active = true
			if n, err := e.svc.Promote(t.Context()); err != nil || n != 1 {
				t.Fatalf("Promote = %d, %v; want 1", n, err)
			}
			if err := e.send(t); err != nil {
				t.Fatal(err)
			}
			sent, err := json.Marshal(e.conn.sent)
			if err != nil {
				t.Fatal(err)
			}
			if want := "[" + string(shadow[0].Body) + "]"; string(sent) != want {
				t.Errorf("sent %s\nwant what shadow recorded: %s", sent, want)
			}
		})
	}
}
