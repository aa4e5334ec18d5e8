package allocation_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

func TestRouteAllocates(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d)
			e.stock(t, "dc-a", "TEE-BLK-M", 10)
			e.stock(t, "dc-a", "CAP-RED", 10)
			id := e.order(t, 1, nil)
			e.route(t, id)

			if st := e.status(t, id); st != order.StatusAllocated {
				t.Fatalf("status %q; want allocated", st)
			}
			if l := e.level(t, "dc-a", "TEE-BLK-M"); l.Reserved != 2 {
				t.Errorf("TEE-BLK-M reserved %d; want 2", l.Reserved)
			}
			r := e.routing(t, id)
			if len(r.Decisions) != 1 || len(r.FulfilmentOrders) != 1 {
				t.Fatalf("%d decisions, %d fulfilment orders; want 1 and 1",
					len(r.Decisions), len(r.FulfilmentOrders))
			}
			fo := r.FulfilmentOrders[0]
			if fo.Location != "dc-a" || len(fo.Lines) != 2 || fo.ShippingCost == 0 {
				t.Errorf("fulfilment order %+v; want dc-a with 2 lines and a cost", fo)
			}
			if !strings.Contains(r.Explain(), "dc-a") {
				t.Errorf("explanation does not name dc-a:\n%s", r.Explain())
			}

			// Routing again changes nothing: the order is no longer waiting.
			e.route(t, id)
			if r := e.routing(t, id); len(r.Decisions) != 1 {
				t.Errorf("%d decisions after routing twice; want 1", len(r.Decisions))
			}
		})
	}
}

func TestRouteBackordersUntilStockArrives(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d)
			id := e.order(t, 1, nil)
			e.route(t, id)
			if st := e.status(t, id); st != order.StatusBackordered {
				t.Fatalf("status %q; want backordered", st)
			}

			// One SKU arrives: ship_partial sends it and waits for the other.
			e.stock(t, "dc-b", "CAP-RED", 5)
			if got := e.jobs.take(); !slices.Equal(got, []string{id}) {
				t.Fatalf("routings scheduled %v; want [%s]", got, id)
			}
			e.route(t, id)
			if st := e.status(t, id); st != order.StatusAllocated {
				t.Fatalf("status %q after CAP-RED arrived; want allocated", st)
			}
			if r := e.routing(t, id); len(r.FulfilmentOrders) != 1 ||
				len(r.FulfilmentOrders[0].Lines) != 1 {
				t.Fatalf("fulfilment orders %+v; want one with CAP-RED", r.FulfilmentOrders)
			}

			// The rest arrives; the order is complete and waits no more.
			e.stock(t, "dc-b", "TEE-BLK-M", 5)
			if got := e.jobs.take(); !slices.Equal(got, []string{id}) {
				t.Fatalf("routings scheduled %v; want [%s]", got, id)
			}
			e.route(t, id)
			r := e.routing(t, id)
			var lines int
			for _, fo := range r.FulfilmentOrders {
				lines += len(fo.Lines)
			}
			if lines != 2 || len(r.Decisions) != 3 {
				t.Errorf("%d lines in fulfilment orders, %d decisions; want 2 and 3",
					lines, len(r.Decisions))
			}
			e.stock(t, "dc-b", "TEE-BLK-M", 6)
			if got := e.jobs.take(); len(got) != 0 {
				t.Errorf("routings scheduled %v for an order that waits for nothing", got)
			}
		})
	}
}

func TestRouteGivesTheLastUnitToOneOrder(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d)
			e.stock(t, "dc-a", "LAST-1", 1)
			const n = 16
			ids := make([]string, n)
			for i := range ids {
				ids[i] = e.order(t, i, func(o *order.Order) {
					o.Lines = o.Lines[:1]
					o.Lines[0].SKU, o.Lines[0].Quantity = "LAST-1", 1
				})
			}
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i, id := range ids {
				wg.Go(func() {
					errs[i] = e.svc.Route(context.Background(),
						allocation.Request{OMSOrderID: id})
				})
			}
			wg.Wait()
			allocated := 0
			for i, id := range ids {
				if errs[i] != nil {
					t.Fatalf("route %s: %v", id, errs[i])
				}
				switch st := e.status(t, id); st {
				case order.StatusAllocated:
					allocated++
				case order.StatusBackordered:
				default:
					t.Errorf("order %s is %q", id, st)
				}
			}
			if l := e.level(t, "dc-a", "LAST-1"); allocated != 1 || l.Reserved != 1 {
				t.Errorf("%d orders allocated, %d reserved; want 1 and 1", allocated, l.Reserved)
			}
		})
	}
}

func TestRouteServesVIPsFirst(t *testing.T) {
	e := newEnv(t, storetest.Dialects[0])
	e.stock(t, "dc-a", "LAST-1", 1)
	one := func(o *order.Order) {
		o.Lines = o.Lines[:1]
		o.Lines[0].SKU, o.Lines[0].Quantity = "LAST-1", 1
	}
	plain := e.order(t, 1, one)
	vip := e.order(t, 2, func(o *order.Order) { one(o); o.Tags = []string{"vip"} })
	e.route(t, plain, vip)
	if st := e.status(t, vip); st != order.StatusAllocated {
		t.Errorf("VIP order %q; want allocated", st)
	}
	if st := e.status(t, plain); st != order.StatusBackordered {
		t.Errorf("other order %q; want backordered", st)
	}
}

func TestRouteBundlesOneCustomersOrders(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d)
			e.stock(t, "dc-a", "TEE-BLK-M", 10)
			e.stock(t, "dc-a", "CAP-RED", 10)
			first := e.order(t, 1, nil)
			e.route(t, first)
			e.now = e.now.Add(5 * time.Second)
			second := e.order(t, 2, nil)
			e.route(t, second)
			other := e.order(t, 3, func(o *order.Order) { o.Customer.Email = "ben@example.nl" })
			e.route(t, other)

			a, b := e.routing(t, first), e.routing(t, second)
			if len(a.FulfilmentOrders) != 1 || len(b.FulfilmentOrders) != 1 ||
				a.FulfilmentOrders[0].ID != b.FulfilmentOrders[0].ID {
				t.Fatalf("the customer's orders are in %v and %v; want one fulfilment order",
					ids(a), ids(b))
			}
			fo := b.FulfilmentOrders[0]
			if len(fo.Lines) != 4 || fo.SavedCost <= 0 || fo.Parts != 2 {
				t.Errorf("bundle has %d lines in %d parts, saved %d; "+
					"want 4 lines in 2 parts and a saving", len(fo.Lines), fo.Parts, fo.SavedCost)
			}
			if c := e.routing(t, other); slices.Contains(ids(c), fo.ID) {
				t.Errorf("another customer's order joined the bundle %s", fo.ID)
			}
		})
	}
}

func TestRouteBundlesNotAfterTheHold(t *testing.T) {
	e := newEnv(t, storetest.Dialects[0])
	e.stock(t, "dc-a", "TEE-BLK-M", 10)
	e.stock(t, "dc-a", "CAP-RED", 10)
	first := e.order(t, 1, nil)
	e.route(t, first)
	e.now = e.now.Add(16 * time.Minute) // past the 15 minute window
	second := e.order(t, 2, nil)
	e.route(t, second)
	a, b := e.routing(t, first), e.routing(t, second)
	if ids(a)[0] == ids(b)[0] {
		t.Errorf("an order joined fulfilment order %s after its hold ended", ids(a)[0])
	}
}

func TestCancelReleasesTheAllocation(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d)
			e.stock(t, "dc-a", "TEE-BLK-M", 10)
			e.stock(t, "dc-a", "CAP-RED", 10)
			id := e.order(t, 1, nil)
			e.route(t, id)
			for range 2 { // Cancelling twice does nothing more.
				err := e.svc.Batcher.Do(context.Background(),
					func(ctx context.Context, tx *store.Tx) error {
						return allocation.Cancel(ctx, tx, id, e.now)
					})
				if err != nil {
					t.Fatal(err)
				}
			}
			if l := e.level(t, "dc-a", "TEE-BLK-M"); l.Reserved != 0 || l.OnHand != 10 {
				t.Errorf("after cancel: %d on hand, %d reserved; want 10 and 0",
					l.OnHand, l.Reserved)
			}
			fo := e.routing(t, id).FulfilmentOrders[0]
			if fo.Status != allocation.FulfilmentCancelled {
				t.Errorf("fulfilment order %q; want cancelled", fo.Status)
			}
		})
	}
}

func ids(r allocation.Routing) []string {
	var out []string
	for _, fo := range r.FulfilmentOrders {
		out = append(out, fo.ID)
	}
	return out
}

func TestRouteHoldsWhatNoLocationMayShip(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d)
			e.stock(t, "dc-a", "TEE-BLK-M", 10)
			e.stock(t, "dc-a", "CAP-RED", 10)
			id := e.order(t, 1, func(o *order.Order) {
				o.Delivery.Country, o.Customer.Shipping.Country = "FR", "FR"
			})
			e.route(t, id)
			rec, err := store.GetOrder(context.Background(), e.db.Read, id)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Status != order.StatusOnHold || len(rec.HoldReasons) != 2 ||
				rec.HoldReasons[0].Code != allocation.ReasonUnroutable {
				t.Fatalf("order %s with reasons %+v; want on hold as unroutable",
					rec.Status, rec.HoldReasons)
			}
			unrouted, err := allocation.Unrouted(context.Background(), e.db.Read, 10)
			if err != nil || !slices.Equal(unrouted, []string{id}) {
				t.Fatalf("Unrouted = %v, %v; want the held order", unrouted, err)
			}

			// A rule set under which dc-a serves France routes it.
			e.rulesReplace(t, "serves: [NL, BE]\n    methods", "serves: [NL, BE, FR]\n    methods")
			e.rulesReplace(t, "to: [NL, BE]", "to: [NL, BE, FR]")
			e.route(t, id)
			if st := e.status(t, id); st != order.StatusAllocated {
				t.Errorf("after the rule set changed, the order is %q; want allocated", st)
			}
		})
	}
}
