// Package allocation turns validated orders into fulfilment orders. It asks
// the routing engine where each order goes, reserves the stock in the same
// transaction as the order's event, lets a customer's orders share one
// fulfilment order while the rules hold it open, and keeps orders that wait
// for stock until stock arrives.
package allocation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/routing"
	"github.com/ordo-oms/ordo/rules"
	"github.com/ordo-oms/ordo/store"
)

// Service allocates orders. Batcher, Jobs, Read and Now must be set before
// use; it routes nothing until SetRules gives it a rule set.
type Service struct {
	Batcher *store.Batcher
	// Jobs schedules the routing of orders that stock arrived for.
	Jobs Enqueuer
	// Read serves reads that need not see a transaction's own writes.
	Read store.Querier
	// Now is the clock every decision takes its time from.
	Now func() time.Time

	engine atomic.Pointer[routing.Engine]
}

// SetRules makes set the live rule set: every decision from now on is made
// under it. Decisions already made keep the version they were made with.
func (s *Service) SetRules(set *rules.Set) { s.engine.Store(routing.New(set)) }

// Engine returns the routing engine of the live rule set, or nil when no
// rule set is loaded.
func (s *Service) Engine() *routing.Engine { return s.engine.Load() }

// Enqueuer schedules, in the transaction of the change that calls for it,
// an order's routing, and the release of a new fulfilment order when its
// hold ends.
type Enqueuer interface {
	EnqueueRouting(ctx context.Context, tx *store.Tx, omsOrderID string) error
	EnqueueRelease(ctx context.Context, tx *store.Tx, fulfilmentID string, at time.Time) error
}

// Request asks for one order to be routed; Meta is recorded with the
// decision's event.
type Request struct {
	OMSOrderID string
	Meta       store.Meta
}

// Route decides where each order goes and records the decisions, in one
// transaction of the group commit. Orders are taken in the rule set's
// priority order, so that when stock is short the first in that order gets
// it. An order that is not waiting for allocation is left alone, so running
// Route twice is harmless. It does nothing while no rule set is loaded;
// RoutePending picks the orders up once one is.
func (s *Service) Route(ctx context.Context, reqs ...Request) error {
	eng := s.Engine()
	if eng == nil || len(reqs) == 0 {
		return nil
	}
	for range 5 {
		pending, err := s.pending(ctx, eng, reqs)
		if err != nil || len(pending) == 0 {
			return err
		}
		var moved []Request
		err = s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			moved = moved[:0]
			now := s.Now().UTC()
			day, err := loadToday(ctx, tx, now)
			if err != nil {
				return err
			}
			for _, p := range pending {
				ok, err := s.allocate(ctx, tx, eng, p, day, now)
				if err != nil {
					return err
				}
				if !ok {
					moved = append(moved, p.Request)
				}
			}
			return nil
		})
		if err != nil || len(moved) == 0 {
			return err
		}
		reqs = moved
	}
	return fmt.Errorf("allocation: route: %d orders kept changing", len(reqs))
}

// candidate is an order read for routing, with what it waits for.
type candidate struct {
	Request
	rec     *store.OrderRecord
	pending routing.Pending
}

// pending reads the orders asked for, keeps those waiting for allocation,
// and sorts them by the rule set's priority.
func (s *Service) pending(ctx context.Context, eng *routing.Engine,
	reqs []Request) ([]candidate, error) {
	// Reads this short need no cancellation, which costs the SQLite driver
	// a goroutine per statement.
	ctx = context.WithoutCancel(ctx)
	out := make([]*candidate, len(reqs))
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	for i, r := range reqs {
		wg.Go(func() { out[i], errs[i] = s.read(ctx, r) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var cs []candidate
	for _, c := range out {
		if c != nil {
			cs = append(cs, *c)
		}
	}
	slices.SortStableFunc(cs, func(a, b candidate) int {
		switch {
		case eng.Less(a.pending, b.pending):
			return -1
		case eng.Less(b.pending, a.pending):
			return 1
		}
		return 0
	})
	return cs, nil
}

// read returns an order with its personal data if it waits for
// allocation, or nil.
func (s *Service) read(ctx context.Context, r Request) (*candidate, error) {
	rec, err := store.GetOrder(ctx, s.Read, r.OMSOrderID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil // Gone, as in a rebuilt test database; nothing to route.
	}
	if err != nil {
		return nil, err
	}
	since, waiting, err := backorderedSince(ctx, s.Read, r.OMSOrderID)
	if err != nil {
		return nil, err
	}
	if !routable(rec, waiting) {
		return nil, nil
	}
	if rec.Customer, err = store.LoadPersonalData(ctx, s.Read, r.OMSOrderID); err != nil {
		return nil, err
	}
	deadline := rec.PlacedAt
	return &candidate{Request: r, rec: rec, pending: routing.Pending{
		Order: &rec.Order, Deadline: deadline, BackorderedAt: since,
	}}, nil
}

// routable reports whether an order is to be routed: a validated order, a
// backordered one, an allocated one with lines still waiting, and one held
// only because no location could ship it under the rule set of its last
// decision.
func routable(rec *store.OrderRecord, waiting bool) bool {
	switch rec.Status {
	case order.StatusValidated, order.StatusBackordered:
		return true
	case order.StatusAllocated:
		return waiting
	case order.StatusOnHold:
		return len(rec.HoldReasons) > 0 && !slices.ContainsFunc(rec.HoldReasons,
			func(r order.Reason) bool { return r.Code != ReasonUnroutable })
	}
	return false
}

// allocate routes one order inside tx and records the decision. It reports
// false, recording nothing, when the order changed since it was read.
func (s *Service) allocate(ctx context.Context, tx *store.Tx, eng *routing.Engine,
	c candidate, day *today, now time.Time) (bool, error) {
	version, err := store.OrderVersion(ctx, tx, c.OMSOrderID)
	if err != nil || version != c.rec.Version {
		return false, err
	}
	planned, err := plannedQuantities(ctx, tx, c.OMSOrderID)
	if err != nil {
		return false, err
	}
	o := remaining(c.rec.Order, planned)
	if len(o.Lines) == 0 {
		return true, clearBackorders(ctx, tx, c.OMSOrderID)
	}
	stock, err := inventory.Available(ctx, tx, skus(o.Lines))
	if err != nil {
		return false, err
	}
	d := eng.Decide(routing.Request{Order: &o, Now: now, Stock: stock, Load: day.load})
	r := recorder{tx: tx, jobs: s.Jobs, eng: eng, c: c, o: &o, d: &d, now: now}
	if err := r.record(ctx); err != nil {
		return false, err
	}
	for _, p := range d.Parts {
		day.load[p.Location]++
	}
	return true, nil
}

// remaining returns o with only what is still to be allocated: each
// physical line less the quantity fulfilment orders already hold. Bundle
// lines are left out; their components carry the stock.
func remaining(o order.Order, planned map[string]int64) order.Order {
	lines := make([]order.Line, 0, len(o.Lines))
	for _, l := range o.Lines {
		if l.Kind == order.KindBundle {
			continue
		}
		l.Quantity -= planned[l.LineID]
		if l.Quantity > 0 {
			lines = append(lines, l)
		}
	}
	o.Lines = lines
	return o
}

func skus(lines []order.Line) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if !slices.Contains(out, l.SKU) {
			out = append(out, l.SKU)
		}
	}
	return out
}

// today counts the fulfilment orders each location got since midnight
// UTC, which the rules may use to balance load.
type today struct {
	load map[string]int
}

func loadToday(ctx context.Context, q store.Querier, now time.Time) (*today, error) {
	midnight := now.Truncate(24 * time.Hour)
	rows, err := q.QueryContext(ctx, `SELECT location, COUNT(*) FROM fulfilment_orders
		WHERE created_at >= $1 GROUP BY location`, store.Micros(midnight))
	if err != nil {
		return nil, fmt.Errorf("allocation: load today: %w", err)
	}
	defer rows.Close()
	d := &today{load: map[string]int{}}
	for rows.Next() {
		var loc string
		var n int
		if err := rows.Scan(&loc, &n); err != nil {
			return nil, fmt.Errorf("allocation: load today: %w", err)
		}
		d.load[loc] = n
	}
	return d, rows.Err()
}
