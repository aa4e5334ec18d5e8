package ingest

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// errMoved means an order changed between reading and recording it.
var errMoved = errors.New("ingest: order changed meanwhile")

// Validate checks an order as it now stands, with its personal data, and
// records the verdict: validated, or on hold with every reason. It records
// nothing when the verdict is what the order already shows, or when the
// order has moved past validation, so running it twice is harmless.
//
// The order is read and judged outside the shared transaction, so that the
// group commit only appends the verdict; the verdict is recorded only if
// the order is still at the version judged, else it is judged again.
func (s *Service) Validate(ctx context.Context, omsOrderID string, meta store.Meta) error {
	for range 5 {
		rec, e, err := s.judge(ctx, omsOrderID, meta)
		if err != nil || e == nil {
			return err
		}
		err = s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			version, err := store.OrderVersion(ctx, tx, omsOrderID)
			if err != nil {
				return err
			}
			if version != rec.Version {
				return errMoved
			}
			r := *rec
			return store.AppendOrder(ctx, tx, &r, s.Now().UTC(), *e)
		})
		if !errors.Is(err, errMoved) && !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("ingest: validate %s: %w", omsOrderID, errMoved)
}

// judge reads an order and returns the event that records its verdict, or
// nil when there is nothing to record.
func (s *Service) judge(ctx context.Context, omsOrderID string,
	meta store.Meta) (*store.OrderRecord, *store.Event, error) {
	rec, err := store.GetOrder(ctx, s.Read, omsOrderID)
	if err != nil || !inValidation(rec.Status) {
		return nil, nil, err
	}
	o := rec.Order
	if o.Customer, err = store.LoadPersonalData(ctx, s.Read, omsOrderID); err != nil {
		return nil, nil, err
	}

	var e store.Event
	reasons := order.Validate(&o)
	switch {
	case len(reasons) == 0 && rec.Status == order.StatusValidated:
		return nil, nil, nil
	case len(reasons) == 0:
		e, err = store.NewEvent(order.EventValidated, &order.Validated{}, meta)
	case rec.Status == order.StatusOnHold && reflect.DeepEqual(reasons, rec.HoldReasons):
		return nil, nil, nil
	default:
		e, err = store.NewEvent(order.EventHeld, &order.Held{Reasons: reasons}, meta)
	}
	return rec, &e, err
}
