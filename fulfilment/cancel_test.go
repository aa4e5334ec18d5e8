package fulfilment_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
	"github.com/ordo-oms/ordo/warehouse"
)

// cancelAtChannel records the channel's cancellation of a released order
// as ingest does, through RequestCancel.
func (e *env) cancelAtChannel(t testing.TB, id string) {
	t.Helper()
	err := e.svc.Batcher.Do(context.Background(), func(ctx context.Context, tx *store.Tx) error {
		rec, err := store.GetOrder(ctx, tx, id)
		if err != nil {
			return err
		}
		held, asked, err := e.svc.RequestCancel(ctx, tx, rec, "customer",
			store.Meta{OccurredAt: e.now})
		if err == nil && (!held || !asked) {
			t.Errorf("RequestCancel = held %v, asked %v; want both", held, asked)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestACancelAfterReleaseWaitsForTheLocation(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d)
			id, fo := e.released(t, 1)
			if err := e.send(t); err != nil {
				t.Fatal(err)
			}
			e.cancelAtChannel(t, id)
			if got := e.order(t, id).Status; got != order.StatusReleased {
				t.Fatalf("order %s before the location answers; want released", got)
			}
			if err := e.send(t); err != nil {
				t.Fatal(err)
			}
			if got := e.order(t, id).Status; got != order.StatusCancelled {
				t.Errorf("order %s once the location cancelled; want cancelled", got)
			}
			if l := e.level(t, "TEE-BLK-M"); l.OnHand != 10 || l.Reserved != 0 {
				t.Errorf("stock on hand %d reserved %d; want 10 and 0", l.OnHand, l.Reserved)
			}
			ev := e.events(t, id)
			req := slices.Index(ev, order.EventCancelRequested)
			if req < 0 || slices.Index(ev, order.EventCancelled) < req {
				t.Errorf("events %v; want cancel_requested before cancelled", ev)
			}
			cancels := e.instructions(t, fulfilment.InstructionFilter{FulfilmentID: fo})
			if len(cancels) != 2 || cancels[1].Kind != warehouse.KindCancel {
				t.Errorf("instructions %+v; want the release and its cancel", cancels)
			}
		})
	}
}

func TestACancelTooLateLetsTheOrderShip(t *testing.T) {
	e := newEnv(t, store.SQLite)
	e.conn.answer = warehouse.TooLate
	id, fo := e.released(t, 1)
	if err := e.send(t); err != nil {
		t.Fatal(err)
	}
	e.cancelAtChannel(t, id)
	if err := e.send(t); err != nil {
		t.Fatal(err)
	}
	if ev := e.events(t, id); !has(ev, order.EventCancelRefused) {
		t.Errorf("events %v; want order.cancel_refused", ev)
	}
	e.now = e.now.Add(time.Hour)
	e.report(t, warehouse.StatusUpdate{EventID: "s", Reference: fo, Code: "SHIP",
		Parcels: []warehouse.Parcel{{ID: "p", Carrier: "postnl", TrackingNumber: "T"}}})
	if got := e.order(t, id).Status; got != order.StatusShipped {
		t.Errorf("order %s; want shipped", got)
	}
}

func TestALocationThatCancelsUnaskedHoldsTheOrder(t *testing.T) {
	e := newEnv(t, store.SQLite)
	id, fo := e.released(t, 1)
	res := e.report(t, warehouse.StatusUpdate{EventID: "x", Reference: fo, Code: "CXL",
		Detail: "damaged in the warehouse"})
	if res.Outcome != fulfilment.Applied {
		t.Fatalf("report: %+v", res)
	}
	rec := e.order(t, id)
	if rec.Status != order.StatusOnHold || len(rec.HoldReasons) != 1 ||
		rec.HoldReasons[0].Code != fulfilment.ReasonLocationCancelled {
		t.Errorf("order %s %+v; want on hold for the operator", rec.Status, rec.HoldReasons)
	}
	if l := e.level(t, "TEE-BLK-M"); l.Reserved != 0 {
		t.Errorf("reserved %d; want the stock freed", l.Reserved)
	}
}

func TestACancelNeverOvertakesItsRelease(t *testing.T) {
	e := newEnv(t, store.SQLite)
	id, fo := e.released(t, 1)
	e.cancelAtChannel(t, id)
	refs := e.jobs.take()
	if len(refs) != 2 {
		t.Fatalf("sends scheduled %v; want the release and the cancel", refs)
	}
	err := e.svc.Send(t.Context(), "dc-a", refs[1:], store.Meta{})
	if err == nil || len(e.conn.sent) != 0 {
		t.Fatalf("the cancel alone: %v, %d sent; want it to wait for the release", err,
			len(e.conn.sent))
	}
	if err := e.svc.Send(t.Context(), "dc-a", []string{fo}, store.Meta{}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Send(t.Context(), "dc-a", refs[1:], store.Meta{}); err != nil {
		t.Fatalf("the cancel once the release is answered: %v", err)
	}
	if got := e.order(t, id).Status; got != order.StatusCancelled {
		t.Errorf("order %s; want cancelled", got)
	}
}
