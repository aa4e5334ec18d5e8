package jobs_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// received is an order recorded through a node, with the trace it arrived
// under.
type received struct {
	id    string
	trace string
}

// receiveAll records orders at once, each from its own goroutine under a
// trace of its own, so that they share the group commit's batches.
func receiveAll(t testing.TB, n *testNode, orders ...order.Order) []received {
	t.Helper()
	out := make([]received, len(orders))
	errs := make([]error, len(orders))
	var wg sync.WaitGroup
	for i, o := range orders {
		ctx, traceID := tracedContext(t)
		out[i].trace = traceID
		wg.Go(func() {
			res, err := n.Orders.Receive(ctx, ingest.Report{Order: o, Meta: store.Meta{
				TraceID: traceID, OccurredAt: time.Now()}})
			out[i].id, errs[i] = res.OMSOrderID, err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("receive order %s: %v", orders[i].OrderID, err)
		}
	}
	return out
}

// waitForStatus waits until every order has status st.
func waitForStatus(t testing.TB, n *testNode, st order.Status, orders []received) {
	t.Helper()
	eventually(t, fmt.Sprintf("every order %s", st), func() error {
		for _, o := range orders {
			rec, err := store.GetOrder(context.Background(), n.DB.Read, o.id)
			if err != nil {
				return err
			}
			if rec.Status != st {
				return fmt.Errorf("order %s is %s", o.id, rec.Status)
			}
		}
		return nil
	})
}

// jobOf maps every order named by a validate_orders job to that job's id,
// failing the test when an order is named more than once.
func jobOf(t testing.TB, n *testNode) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, j := range queuedJobs(t, n.DB, "validate_orders") {
		for _, ref := range j.Args.Orders {
			if other, ok := out[ref.OMSOrderID]; ok {
				t.Errorf("order %s is in validate_orders jobs %d and %d", ref.OMSOrderID,
					other, j.ID)
			}
			out[ref.OMSOrderID] = j.ID
		}
	}
	return out
}

// verdictMeta is what a verdict event records about its cause.
type verdictMeta struct {
	TraceID     string
	CausationID string
}

func TestValidationThroughNode(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Run("orders received together", func(t *testing.T) {
			t.Parallel()
			n := startNode(t, d)
			orders := receiveAll(t, n, ordertest.Sample(1), ordertest.Sample(2), ordertest.Sample(3))
			waitForStatus(t, n, order.StatusValidated, orders)

			t.Run("are validated by the jobs that name them", func(t *testing.T) {
				byOrder := jobOf(t, n)
				if len(byOrder) != len(orders) {
					t.Errorf("validate_orders jobs name %d orders, want %d: %v", len(byOrder),
						len(orders), byOrder)
				}
				for _, o := range orders {
					job, ok := byOrder[o.id]
					if !ok {
						t.Errorf("no validate_orders job names order %s", o.id)
						continue
					}
					e := eventOf(t, n.DB, o.id, order.EventValidated)
					got := verdictMeta{e.Meta.TraceID, e.Meta.CausationID}
					want := verdictMeta{o.trace, fmt.Sprintf("job-%d", job)}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("meta of order %s's %s event (-want +got):\n%s", o.id,
							order.EventValidated, diff)
					}
				}
			})

			t.Run("get a job log line each under their own trace", func(t *testing.T) {
				want := map[string]string{}
				for _, o := range orders {
					want[o.id] = o.trace
				}
				eventually(t, "a validate line for every order", func() error {
					got := map[string]string{}
					for _, r := range n.log.records(t) {
						if r["msg"] == "order step done" && r["step"] == "validate" {
							id, _ := r["oms_order_id"].(string)
							got[id], _ = r["trace_id"].(string)
						}
					}
					if diff := cmp.Diff(want, got); diff != "" {
						return fmt.Errorf("trace of each order's line (-want +got):\n%s", diff)
					}
					return nil
				})
			})
		})

		t.Run("an invalid order is put on hold with its reasons", func(t *testing.T) {
			t.Parallel()
			n := startNode(t, d)
			bad := ordertest.Sample(1)
			bad.Currency = "XYZ"
			orders := receiveAll(t, n, bad)
			waitForStatus(t, n, order.StatusOnHold, orders)

			rec, err := store.GetOrder(context.Background(), n.DB.Read, orders[0].id)
			if err != nil {
				t.Fatal(err)
			}
			want := order.Validate(&bad)
			if !hasReason(want, "unknown_currency") {
				t.Fatalf("test order is not invalid for its currency: %v", want)
			}
			if diff := cmp.Diff(want, rec.HoldReasons); diff != "" {
				t.Errorf("hold reasons (-want +got):\n%s", diff)
			}
			job, ok := jobOf(t, n)[orders[0].id]
			if !ok {
				t.Fatalf("no validate_orders job names order %s", orders[0].id)
			}
			e := eventOf(t, n.DB, orders[0].id, order.EventHeld)
			got := verdictMeta{e.Meta.TraceID, e.Meta.CausationID}
			if diff := cmp.Diff(verdictMeta{orders[0].trace, fmt.Sprintf("job-%d", job)},
				got); diff != "" {
				t.Errorf("meta of the %s event (-want +got):\n%s", order.EventHeld, diff)
			}
		})

		t.Run("inbox keys past retention are pruned when the queue starts", func(t *testing.T) {
			t.Parallel()
			db := storetest.Open(t, d)
			ctx := context.Background()
			// The node keeps keys for the default 7 days.
			for key, at := range map[string]time.Time{
				"old": time.Now().Add(-8 * 24 * time.Hour),
				"new": time.Now().Add(-time.Hour),
			} {
				if _, err := store.Claim(ctx, db.Write, key, "", at); err != nil {
					t.Fatal(err)
				}
			}
			startNodeOn(t, db)
			eventually(t, "the old key pruned", func() error {
				if n := countRows(t, db, "inbox", "key = $1", "old"); n != 0 {
					return fmt.Errorf("key old has %d rows", n)
				}
				return nil
			})
			if got := countRows(t, db, "inbox", "key = $1", "new"); got != 1 {
				t.Errorf("key new: %d rows, want 1", got)
			}
		})
	})
}

func hasReason(rs []order.Reason, code string) bool {
	for _, r := range rs {
		if r.Code == code {
			return true
		}
	}
	return false
}
