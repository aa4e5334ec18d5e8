package ingest_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/store"
)

func TestValidate(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()

		bad := ordertest.Sample(1)
		bad.Currency = "XYZ"
		bad.Lines[1].Quantity = -1
		res, err := e.svc.Receive(ctx, ingest.Report{Key: "a", Order: bad})
		if err != nil {
			t.Fatal(err)
		}
		e.validate(t, res.OMSOrderID)
		rec, err := store.GetOrder(ctx, e.db.Read, res.OMSOrderID)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, r := range rec.HoldReasons {
			codes = append(codes, r.Code)
		}
		if rec.Status != order.StatusOnHold ||
			!cmp.Equal(codes, []string{"unknown_currency", "bad_quantity"}) {
			t.Fatalf("got %s with reasons %v, want on_hold for currency and quantity",
				rec.Status, codes)
		}

		t.Run("validating again records nothing", func(t *testing.T) {
			e.validate(t, res.OMSOrderID)
			if n := len(e.events(t, res.OMSOrderID)); n != 2 {
				t.Errorf("%d events, want 2", n)
			}
		})

		t.Run("a corrected order is validated", func(t *testing.T) {
			fixed := ordertest.Sample(1)
			fixed.UpdatedAt = bad.UpdatedAt.Add(1)
			if _, err := e.svc.Receive(ctx, ingest.Report{Key: "b", Order: fixed}); err != nil {
				t.Fatal(err)
			}
			e.validate(t, res.OMSOrderID)
			want := []string{order.EventReceived, order.EventHeld, order.EventUpdated,
				order.EventValidated}
			if diff := cmp.Diff(want, e.events(t, res.OMSOrderID)); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			// Only the validated order is scheduled for routing, once.
			e.jobs.mu.Lock()
			defer e.jobs.mu.Unlock()
			if !cmp.Equal(e.jobs.routed, []string{res.OMSOrderID}) {
				t.Errorf("routings scheduled %v; want [%s]", e.jobs.routed, res.OMSOrderID)
			}
		})
	})
}

func TestValidateHoldsForPersonalData(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		o := ordertest.Sample(1)
		o.Customer.Shipping.Postcode = ""
		res, err := e.svc.Receive(ctx, ingest.Report{Key: "a", Order: o})
		if err != nil {
			t.Fatal(err)
		}
		e.validate(t, res.OMSOrderID)

		// Only the personal data changes: no event, but a new validation.
		fixed := ordertest.Sample(1)
		got, err := e.svc.Receive(ctx, ingest.Report{Key: "b", Order: fixed})
		if err != nil {
			t.Fatal(err)
		}
		if got.Outcome != ingest.Updated {
			t.Errorf("outcome %s, want updated", got.Outcome)
		}
		e.validate(t, res.OMSOrderID)
		rec, err := store.GetOrder(ctx, e.db.Read, res.OMSOrderID)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Status != order.StatusValidated {
			t.Errorf("status %s after the address was corrected, want validated", rec.Status)
		}
		if n := len(e.jobs.ids); n != 2 {
			t.Errorf("%d validations enqueued, want 2", n)
		}
	})
}
