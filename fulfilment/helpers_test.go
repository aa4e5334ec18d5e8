package fulfilment_test

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/rules"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
	"github.com/ordo-oms/ordo/warehouse"
)

// monday is the tests' clock: Monday 7 December 2026, 11:00 in Amsterdam.
var monday = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// enqueuer records the sends that fulfilment schedules. It is a
// hand-written fake: the job queue has its own tests.
type enqueuer struct {
	mu    sync.Mutex
	sends []string
}

func (e *enqueuer) EnqueueSend(_ context.Context, _ *store.Tx, _ string, refs []string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sends = append(e.sends, refs...)
	return nil
}

func (e *enqueuer) EnqueueRouting(context.Context, *store.Tx, string) error { return nil }

func (e *enqueuer) EnqueueRelease(context.Context, *store.Tx, string, time.Time) error {
	return nil
}

func (e *enqueuer) take() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.sends
	e.sends = nil
	return out
}

// connector is a location that answers each instruction as answer says,
// or fails every send with err.
type connector struct {
	mu     sync.Mutex
	sent   []warehouse.Instruction
	err    error
	answer warehouse.Outcome
}

func (c *connector) BatchSize() int { return 10 }

func (c *connector) Send(_ context.Context, batch []warehouse.Instruction) ([]warehouse.Answer,
	error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, batch...)
	if c.err != nil {
		return nil, c.err
	}
	out := make([]warehouse.Answer, len(batch))
	for i, ins := range batch {
		out[i] = warehouse.Answer{Reference: ins.Reference, Outcome: warehouse.Accepted}
		if ins.Kind == warehouse.KindCancel {
			out[i].Outcome = c.answer
		}
	}
	return out, nil
}

type env struct {
	db    *store.DB
	alloc *allocation.Service
	svc   *fulfilment.Service
	jobs  *enqueuer
	conn  *connector
	loc   *fulfilment.Location
	now   time.Time
}

// newEnv returns fulfilment and allocation services on a new database of
// dialect d, with one active location, dc-a, under testdata/rules.yaml.
func newEnv(t testing.TB, d store.Dialect) *env {
	t.Helper()
	db := storetest.Open(t, d)
	b := store.NewBatcher(db, store.BatchOptions{MaxBatch: 64})
	t.Cleanup(b.Close)
	e := &env{db: db, jobs: &enqueuer{}, conn: &connector{answer: warehouse.Cancelled},
		now: monday}
	clock := func() time.Time { return e.now }
	e.alloc = &allocation.Service{Batcher: b, Jobs: e.jobs, Read: db.Read, Now: clock}
	data, err := os.ReadFile("testdata/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Parse(data, "testdata/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e.alloc.SetRules(set)
	e.loc = &fulfilment.Location{ID: "dc-a", Active: true, Connector: e.conn,
		Statuses: map[string]fulfilment.Status{"PICK": "picked", "PACK": "packed",
			"SHIP": "shipped", "CXL": "cancelled", "LATE": "too_late"}}
	e.svc = &fulfilment.Service{Batcher: b, Read: db.Read, Jobs: e.jobs,
		Locations: map[string]*fulfilment.Location{"dc-a": e.loc},
		Payment:   func(string) fulfilment.Payment { return fulfilment.PaymentAuthorized },
		Rules:     func() *rules.Set { return set }, Now: clock}
	e.stock(t, "TEE-BLK-M", 10)
	e.stock(t, "CAP-RED", 10)
	return e
}

func (e *env) stock(t testing.TB, sku string, onHand int64) {
	t.Helper()
	err := e.alloc.Batcher.Do(context.Background(), func(ctx context.Context, tx *store.Tx) error {
		_, err := inventory.ApplySnapshot(ctx, tx, inventory.Snapshot{Location: "dc-a",
			Pool: inventory.PoolSellable, TakenAt: e.now,
			Items: []inventory.Item{{SKU: sku, OnHand: onHand}}}, e.now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// allocated records Sample(n), changed by change, as received and
// validated, routes it, and returns its oms_order_id and the id of its
// fulfilment order.
func (e *env) allocated(t testing.TB, n int, change func(*order.Order)) (string, string) {
	t.Helper()
	o := ordertest.Sample(n)
	o.OMSOrderID = "o-" + o.OrderID
	if change != nil {
		change(&o)
	}
	ctx := context.Background()
	rec := &store.OrderRecord{Order: order.Order{OMSOrderID: o.OMSOrderID}}
	meta := store.Meta{OccurredAt: e.now}
	received, err := store.NewEvent(order.EventReceived, &order.Received{Order: o.Facts()}, meta)
	if err != nil {
		t.Fatal(err)
	}
	validated, err := store.NewEvent(order.EventValidated, &order.Validated{}, meta)
	if err != nil {
		t.Fatal(err)
	}
	err = e.alloc.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		if err := store.AppendOrder(ctx, tx, rec, e.now, received, validated); err != nil {
			return err
		}
		return store.SavePersonalData(ctx, tx, o.OMSOrderID, o.Customer, e.now)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.alloc.Route(ctx, allocation.Request{OMSOrderID: o.OMSOrderID,
		Meta: meta}); err != nil {
		t.Fatal(err)
	}
	fos, err := allocation.FulfilmentOrders(ctx, e.db.Read, o.OMSOrderID)
	if err != nil || len(fos) != 1 {
		t.Fatalf("fulfilment orders of %s: %v, %v; want one", o.OMSOrderID, fos, err)
	}
	return o.OMSOrderID, fos[0].ID
}

// released allocates Sample(n) and releases its fulfilment order.
func (e *env) released(t testing.TB, n int) (string, string) {
	t.Helper()
	id, fo := e.allocated(t, n, nil)
	e.release(t, fo, 1)
	return id, fo
}

func (e *env) release(t testing.TB, fo string, want int) {
	t.Helper()
	got, err := e.svc.Release(context.Background(), store.Meta{OccurredAt: e.now}, fo)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("Release(%s) released %d; want %d", fo, got, want)
	}
}

func (e *env) send(t testing.TB) error {
	t.Helper()
	return e.svc.Send(context.Background(), "dc-a", e.jobs.take(), store.Meta{OccurredAt: e.now})
}

// report sends a status report from dc-a about a fulfilment order.
func (e *env) report(t testing.TB, u warehouse.StatusUpdate) fulfilment.Result {
	t.Helper()
	body, err := json.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Report(context.Background(), fulfilment.Report{Location: "dc-a",
		Update: u, Body: body, Meta: store.Meta{OccurredAt: e.now}})
	if err != nil {
		t.Fatalf("Report(%+v): %v", u, err)
	}
	return res
}

func (e *env) order(t testing.TB, id string) *store.OrderRecord {
	t.Helper()
	rec, err := store.GetOrder(context.Background(), e.db.Read, id)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// events returns the types of an order's events, in order.
func (e *env) events(t testing.TB, id string) []string {
	t.Helper()
	es, err := store.LoadStream(context.Background(), e.db.Read, store.StreamID(id))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(es))
	for i, ev := range es {
		out[i] = ev.Type
	}
	return out
}

func (e *env) instructions(t testing.TB, f fulfilment.InstructionFilter) []fulfilment.Instruction {
	t.Helper()
	f.Limit = 100
	ins, _, err := fulfilment.Instructions(context.Background(), e.db.Read, f)
	if err != nil {
		t.Fatal(err)
	}
	return ins
}

func (e *env) level(t testing.TB, sku string) inventory.Level {
	t.Helper()
	ls, _, err := inventory.Levels(context.Background(), e.db.Read,
		inventory.LevelFilter{Location: "dc-a", SKU: sku, Pool: inventory.PoolSellable})
	if err != nil || len(ls) != 1 {
		t.Fatalf("levels of %s: %v, %v", sku, ls, err)
	}
	return ls[0]
}

func has(events []string, want ...string) bool {
	for _, w := range want {
		if !slices.Contains(events, w) {
			return false
		}
	}
	return true
}
