package ingest

import (
	"context"
	"reflect"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// Validate checks an order as it now stands, with its personal data, and
// records the verdict: validated, or on hold with every reason. It records
// nothing when the verdict is what the order already shows, or when the
// order has moved past validation, so running it twice is harmless.
func (s *Service) Validate(ctx context.Context, tx *store.Tx, omsOrderID string,
	meta store.Meta) error {
	rec, err := store.GetOrder(ctx, tx, omsOrderID)
	if err != nil {
		return err
	}
	if !inValidation(rec.Status) {
		return nil
	}
	o := rec.Order
	if o.Customer, err = store.LoadPersonalData(ctx, tx, omsOrderID); err != nil {
		return err
	}

	var e store.Event
	reasons := order.Validate(&o)
	switch {
	case len(reasons) == 0 && rec.Status == order.StatusValidated:
		return nil
	case len(reasons) == 0:
		e, err = store.NewEvent(order.EventValidated, order.Validated{}, meta)
	case rec.Status == order.StatusOnHold && reflect.DeepEqual(reasons, rec.HoldReasons):
		return nil
	default:
		e, err = store.NewEvent(order.EventHeld, order.Held{Reasons: reasons}, meta)
	}
	if err != nil {
		return err
	}
	return store.AppendOrder(ctx, tx, rec, s.Now().UTC(), e)
}
