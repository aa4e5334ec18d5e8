package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/store"
)

func TestReceive(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		o := ordertest.Sample(1)

		first, err := e.svc.Receive(ctx, ingest.Report{Key: "k1", Order: o})
		if err != nil {
			t.Fatal(err)
		}
		if first.Outcome != ingest.Created || first.Status != order.StatusReceived || first.Version != 1 {
			t.Fatalf("first delivery: got %+v, want created, received, version 1", first)
		}

		t.Run("a duplicate key does nothing and returns the first result", func(t *testing.T) {
			again, err := e.svc.Receive(ctx, ingest.Report{Key: "k1", Order: o})
			if err != nil {
				t.Fatal(err)
			}
			want := first
			want.Duplicate = true
			if diff := cmp.Diff(want, again); diff != "" {
				t.Errorf("duplicate result (-want +got):\n%s", diff)
			}
		})

		t.Run("the same facts under a new key change nothing", func(t *testing.T) {
			res, err := e.svc.Receive(ctx, ingest.Report{Key: "k2", Order: o})
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != ingest.Unchanged || res.OMSOrderID != first.OMSOrderID {
				t.Errorf("got %+v, want unchanged for %s", res, first.OMSOrderID)
			}
		})

		newer := o
		newer.UpdatedAt = o.UpdatedAt.Add(time.Hour)
		newer.Payment = order.PaymentRefunded
		t.Run("a newer report appends the difference", func(t *testing.T) {
			res, err := e.svc.Receive(ctx, ingest.Report{Key: "k3", Order: newer})
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != ingest.Updated || res.Version != 2 {
				t.Errorf("got %+v, want updated at version 2", res)
			}
		})

		t.Run("an older report is stale and rolls nothing back", func(t *testing.T) {
			older := o
			older.UpdatedAt = o.UpdatedAt.Add(30 * time.Minute)
			older.Payment = order.PaymentPending
			res, err := e.svc.Receive(ctx, ingest.Report{Key: "k4", Order: older})
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != ingest.Stale || res.Version != 2 {
				t.Errorf("got %+v, want stale at version 2", res)
			}
			rec, err := store.GetOrder(ctx, e.db.Read, first.OMSOrderID)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Payment != order.PaymentRefunded {
				t.Errorf("payment is %q after a stale report, want %q", rec.Payment, order.PaymentRefunded)
			}
		})

		t.Run("a cancellation cancels", func(t *testing.T) {
			res, err := e.svc.Receive(ctx, ingest.Report{Key: "k5", Order: newer,
				Cancelled: &channel.Cancellation{At: newer.UpdatedAt, Reason: "customer"}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != order.StatusCancelled {
				t.Errorf("got %+v, want cancelled", res)
			}
		})

		want := []string{order.EventReceived, order.EventUpdated, order.EventCancelled}
		if diff := cmp.Diff(want, e.events(t, first.OMSOrderID)); diff != "" {
			t.Errorf("events (-want +got):\n%s", diff)
		}
		if n := e.count(t, "orders"); n != 1 {
			t.Errorf("%d orders, want 1", n)
		}
	})
}

func TestReceiveKeyReusedForOtherRequest(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		if _, err := e.svc.Receive(ctx, ingest.Report{Key: "k", Request: []byte("a"),
			Order: ordertest.Sample(1)}); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.Receive(ctx, ingest.Report{Key: "k", Request: []byte("b"), Order: ordertest.Sample(2)})
		if !errors.Is(err, ingest.ErrKeyReused) {
			t.Fatalf("got %v, want ErrKeyReused", err)
		}
		if n := e.count(t, "orders"); n != 1 {
			t.Errorf("%d orders, want 1: a refused request must change nothing", n)
		}
	})
}

// TestConcurrentDeliveries sends 64 deliveries at once, as a channel's
// retries and parallel subscriptions do, to two nodes, and expects one
// order with one received event.
func TestConcurrentDeliveries(t *testing.T) {
	cases := []struct {
		name string
		key  func(i int) string
	}{
		{"of one delivery", func(int) string { return "orders/create:event-1" }},
		{"of one order under many keys", func(i int) string { return fmt.Sprintf("delivery-%d", i) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			forEachDialect(t, func(t *testing.T, d store.Dialect) {
				e := newEnv(t, d)
				nodes := []*ingest.Service{e.svc, e.node(t)}
				ids := make([]string, 64)
				errs := make([]error, 64)
				var wg sync.WaitGroup
				for i := range 64 {
					wg.Go(func() {
						res, err := nodes[i%2].Receive(context.Background(),
							ingest.Report{Key: c.key(i), Order: ordertest.Sample(1)})
						ids[i], errs[i] = res.OMSOrderID, err
					})
				}
				wg.Wait()
				for i, err := range errs {
					if err != nil {
						t.Fatalf("delivery %d: %v", i, err)
					}
					if ids[i] != ids[0] {
						t.Fatalf("delivery %d went to order %s, delivery 0 to %s", i, ids[i], ids[0])
					}
				}
				if n := e.count(t, "orders"); n != 1 {
					t.Errorf("%d orders, want 1", n)
				}
				if diff := cmp.Diff([]string{order.EventReceived}, e.events(t, ids[0])); diff != "" {
					t.Errorf("events (-want +got):\n%s", diff)
				}
				if len(e.jobs.ids) != 1 {
					t.Errorf("%d validations enqueued, want 1", len(e.jobs.ids))
				}
			})
		})
	}
}

func TestCancelReleasesReservedStock(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		o := ordertest.Sample(1)
		res, err := e.svc.Receive(ctx, ingest.Report{Key: "a", Order: o})
		if err != nil {
			t.Fatal(err)
		}
		err = e.svc.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			_, err := inventory.ApplySnapshot(ctx, tx, inventory.Snapshot{Location: "dc-a",
				Pool: inventory.PoolSellable, TakenAt: o.PlacedAt,
				Items: []inventory.Item{{SKU: "TEE-BLK-M", OnHand: 5}}}, o.PlacedAt)
			if err != nil {
				return err
			}
			return inventory.Reserve(ctx, tx, []inventory.Reservation{{OMSOrderID: res.OMSOrderID,
				LineID: "1", Location: "dc-a", SKU: "TEE-BLK-M", Quantity: 2}}, o.PlacedAt)
		})
		if err != nil {
			t.Fatal(err)
		}

		cancelled := o
		cancelled.UpdatedAt = o.UpdatedAt.Add(time.Minute)
		_, err = e.svc.Receive(ctx, ingest.Report{Key: "b", Order: cancelled,
			Cancelled: &channel.Cancellation{At: cancelled.UpdatedAt, Reason: "customer"}})
		if err != nil {
			t.Fatal(err)
		}
		a, err := inventory.Available(ctx, e.db.Read, []string{"TEE-BLK-M"})
		if err != nil {
			t.Fatal(err)
		}
		if n := a.Available("dc-a", "TEE-BLK-M"); n != 5 {
			t.Errorf("%d TEE-BLK-M available after the cancellation; want all 5", n)
		}
	})
}
