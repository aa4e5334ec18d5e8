package allocation_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/rules"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// tuesdayMorning is the tests' clock: Tuesday 1 December 2026, 10:00 in
// Amsterdam, before every cut-off of the test rule set.
var tuesdayMorning = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// enqueuer records the routings asked for. It is a hand-written fake: the
// job queue has its own tests.
type enqueuer struct {
	mu  sync.Mutex
	ids []string
}

func (e *enqueuer) EnqueueRouting(ctx context.Context, tx *store.Tx, id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ids = append(e.ids, id)
	return nil
}

// EnqueueRelease does nothing: releases are fulfilment's, tested there.
func (e *enqueuer) EnqueueRelease(context.Context, *store.Tx, string, time.Time) error {
	return nil
}

func (e *enqueuer) take() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	ids := e.ids
	e.ids = nil
	return ids
}

type env struct {
	db    *store.DB
	svc   *allocation.Service
	jobs  *enqueuer
	now   time.Time
	rules string // the text of the live rule set
}

// newEnv returns an allocation service on a new database of dialect d,
// under the rule set in testdata/rules.yaml, with its clock at tuesdayMorning.
func newEnv(t testing.TB, d store.Dialect) *env {
	t.Helper()
	db := storetest.Open(t, d)
	b := store.NewBatcher(db, store.BatchOptions{MaxBatch: 64})
	t.Cleanup(b.Close)
	e := &env{db: db, jobs: &enqueuer{}, now: tuesdayMorning}
	e.svc = &allocation.Service{Batcher: b, Jobs: e.jobs, Read: db.Read,
		Now: func() time.Time { return e.now }}
	data, err := os.ReadFile("testdata/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e.setRules(t, string(data))
	return e
}

func (e *env) setRules(t testing.TB, text string) {
	t.Helper()
	set, err := rules.Parse([]byte(text), "testdata/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e.svc.SetRules(set)
	e.rules = text
}

// rulesReplace makes live the rule set with old replaced by new.
func (e *env) rulesReplace(t testing.TB, old, new string) {
	t.Helper()
	if !strings.Contains(e.rules, old) {
		t.Fatalf("the rule set has no %q", old)
	}
	e.setRules(t, strings.Replace(e.rules, old, new, 1))
}

// order records Sample(n), changed by change, as received and validated,
// and returns its oms_order_id.
func (e *env) order(t testing.TB, n int, change func(*order.Order)) string {
	t.Helper()
	o := ordertest.Sample(n)
	o.OMSOrderID = "o-" + o.OrderID
	if change != nil {
		change(&o)
	}
	ctx := context.Background()
	rec := &store.OrderRecord{Order: order.Order{OMSOrderID: o.OMSOrderID}}
	received, err := store.NewEvent(order.EventReceived, &order.Received{Order: o.Facts()},
		store.Meta{OccurredAt: e.now})
	if err != nil {
		t.Fatal(err)
	}
	validated, err := store.NewEvent(order.EventValidated, &order.Validated{},
		store.Meta{OccurredAt: e.now})
	if err != nil {
		t.Fatal(err)
	}
	err = e.svc.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		if err := store.AppendOrder(ctx, tx, rec, e.now, received, validated); err != nil {
			return err
		}
		return store.SavePersonalData(ctx, tx, o.OMSOrderID, o.Customer, e.now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return o.OMSOrderID
}

// stock sets the sellable stock of a SKU at a location, as counted now, and
// schedules the orders waiting for it, as the inventory API does.
func (e *env) stock(t testing.TB, location, sku string, onHand int64) {
	t.Helper()
	err := e.svc.Batcher.Do(context.Background(), func(ctx context.Context, tx *store.Tx) error {
		res, err := inventory.ApplySnapshot(ctx, tx, inventory.Snapshot{Location: location,
			Pool: inventory.PoolSellable, TakenAt: e.now,
			Items: []inventory.Item{{SKU: sku, OnHand: onHand}}}, e.now)
		if err != nil {
			return err
		}
		return e.svc.Restock(ctx, tx, res.Gained)
	})
	if err != nil {
		t.Fatal(err)
	}
	e.now = e.now.Add(time.Second) // The next count is a later one.
}

func (e *env) route(t testing.TB, ids ...string) {
	t.Helper()
	reqs := make([]allocation.Request, len(ids))
	for i, id := range ids {
		reqs[i] = allocation.Request{OMSOrderID: id, Meta: store.Meta{OccurredAt: e.now}}
	}
	if err := e.svc.Route(context.Background(), reqs...); err != nil {
		t.Fatal(err)
	}
}

func (e *env) status(t testing.TB, id string) order.Status {
	t.Helper()
	rec, err := store.GetOrder(context.Background(), e.db.Read, id)
	if err != nil {
		t.Fatal(err)
	}
	return rec.Status
}

func (e *env) routing(t testing.TB, id string) allocation.Routing {
	t.Helper()
	r, err := allocation.LoadRouting(context.Background(), e.db.Read, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (e *env) level(t testing.TB, location, sku string) inventory.Level {
	t.Helper()
	ls, _, err := inventory.Levels(context.Background(), e.db.Read,
		inventory.LevelFilter{Location: location, SKU: sku, Pool: inventory.PoolSellable})
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 1 {
		t.Fatalf("%d levels of %s at %s; want 1", len(ls), sku, location)
	}
	return ls[0]
}
