package ingest

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// Validation asks for one order to be validated; Meta is recorded with the
// verdict.
type Validation struct {
	OMSOrderID string
	Meta       store.Meta
}

// Validate checks orders as they now stand, with their personal data, and
// records each verdict: validated, or on hold with every reason. It records
// nothing for an order whose verdict is what it already shows, or that has
// moved past validation, so running it twice is harmless.
//
// The orders are read and judged outside the shared transaction, all at
// once; one unit of the group commit then records every verdict whose
// order is still at the version judged. An order that changed meanwhile is
// judged again.
func (s *Service) Validate(ctx context.Context, vs ...Validation) error {
	for range 5 {
		verdicts, err := s.judgeAll(ctx, vs)
		if err != nil || len(verdicts) == 0 {
			return err
		}
		var moved []Validation
		err = s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			moved = moved[:0]
			for _, v := range verdicts {
				ok, err := s.record(ctx, tx, v)
				if err != nil {
					return err
				}
				if !ok {
					moved = append(moved, v.Validation)
				}
			}
			return nil
		})
		if err != nil || len(moved) == 0 {
			return err
		}
		vs = moved
	}
	return fmt.Errorf("ingest: validate: %d orders kept changing", len(vs))
}

// verdict is the event that records one order's verdict, to be appended at
// the version judged.
type verdict struct {
	Validation
	rec   *store.OrderRecord
	event store.Event
}

// judgeAll judges every order at once and returns the verdicts to record.
func (s *Service) judgeAll(ctx context.Context, vs []Validation) ([]verdict, error) {
	out := make([]*verdict, len(vs))
	errs := make([]error, len(vs))
	var wg sync.WaitGroup
	for i, v := range vs {
		wg.Go(func() { out[i], errs[i] = s.judge(ctx, v) })
	}
	wg.Wait()
	var verdicts []verdict
	for i, v := range out {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if v != nil {
			verdicts = append(verdicts, *v)
		}
	}
	return verdicts, nil
}

// judge reads an order and returns the verdict to record, or nil when
// there is nothing to record.
func (s *Service) judge(ctx context.Context, v Validation) (*verdict, error) {
	// Reads this short need no cancellation, which costs the SQLite driver
	// a goroutine per statement.
	ctx = context.WithoutCancel(ctx)
	rec, err := store.GetOrder(ctx, s.Read, v.OMSOrderID)
	if err != nil || !inValidation(rec.Status) {
		return nil, err
	}
	o := rec.Order
	if o.Customer, err = store.LoadPersonalData(ctx, s.Read, v.OMSOrderID); err != nil {
		return nil, err
	}

	var e store.Event
	reasons := order.Validate(&o)
	switch {
	case len(reasons) == 0 && rec.Status == order.StatusValidated:
		return nil, nil
	case len(reasons) == 0:
		e, err = store.NewEvent(order.EventValidated, &order.Validated{}, v.Meta)
	case rec.Status == order.StatusOnHold && reflect.DeepEqual(reasons, rec.HoldReasons):
		return nil, nil
	default:
		e, err = store.NewEvent(order.EventHeld, &order.Held{Reasons: reasons}, v.Meta)
	}
	return &verdict{Validation: v, rec: rec, event: e}, err
}

// record appends a verdict if its order is still at the version judged,
// and reports whether it was. A validated order is scheduled for routing.
func (s *Service) record(ctx context.Context, tx *store.Tx, v verdict) (bool, error) {
	version, err := store.OrderVersion(ctx, tx, v.OMSOrderID)
	if err != nil || version != v.rec.Version {
		return false, err
	}
	r := *v.rec
	if err := store.AppendOrder(ctx, tx, &r, s.Now().UTC(), v.event); err != nil {
		return false, err
	}
	if r.Status == order.StatusValidated {
		return true, s.Jobs.EnqueueRouting(ctx, tx, v.OMSOrderID)
	}
	return true, nil
}
