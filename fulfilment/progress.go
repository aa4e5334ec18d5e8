package fulfilment

import (
	"context"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// orderRank orders an order's statuses from allocation to shipment, as
// rank does a fulfilment order's.
var orderRank = map[order.Status]int{
	order.StatusAllocated: 0,
	order.StatusReleased:  1,
	order.StatusPicked:    2,
	order.StatusPacked:    3,
	order.StatusShipped:   4,
}

// progress moves an order on to the least advanced status among its
// fulfilment orders, once none of its lines waits for stock. Shipment is
// not its business: an order ships when its last line does.
func (s *Service) progress(ctx context.Context, tx *store.Tx, rec *store.OrderRecord,
	f *fulfilmentOrder, meta store.Meta, now time.Time) error {
	current, ok := orderRank[rec.Status]
	if !ok {
		return nil // On hold or cancelled: nothing moves it on here.
	}
	least, err := leastStatus(ctx, tx, rec.OMSOrderID)
	if err != nil || least <= current {
		return err
	}
	by := order.Released{FulfilmentID: f.ID, Location: f.Location}
	var e store.Event
	switch least {
	case rank[allocation.FulfilmentReleased]:
		e, err = store.NewEvent(order.EventReleased, &by, meta)
	case rank[allocation.FulfilmentPicked]:
		e, err = store.NewEvent(order.EventPicked, (*order.Picked)(&by), meta)
	default:
		if current >= orderRank[order.StatusPacked] {
			return nil
		}
		e, err = store.NewEvent(order.EventPacked, (*order.Packed)(&by), meta)
	}
	if err != nil {
		return err
	}
	return store.AppendOrder(ctx, tx, rec, now, e)
}

// leastStatus is the rank of the least advanced of an order's fulfilment
// orders, 0 while any of its lines waits for stock.
func leastStatus(ctx context.Context, q store.Querier, omsOrderID string) (int, error) {
	var waiting int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM backorders WHERE oms_order_id = $1`,
		omsOrderID).Scan(&waiting)
	if err != nil || waiting > 0 {
		return 0, wrap(err, "backorders of %s", omsOrderID)
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT f.status FROM fulfilment_orders f
		JOIN fulfilment_lines l ON l.fulfilment_id = f.id
		WHERE l.oms_order_id = $1 AND l.status <> $2`,
		omsOrderID, string(allocation.FulfilmentCancelled))
	if err != nil {
		return 0, wrap(err, "fulfilment orders of %s", omsOrderID)
	}
	defer rows.Close()
	least, found := rank[allocation.FulfilmentShipped], false
	for rows.Next() {
		var st allocation.FulfilmentStatus
		if err := rows.Scan(&st); err != nil {
			return 0, wrap(err, "fulfilment orders of %s", omsOrderID)
		}
		if r := rank[st]; st != allocation.FulfilmentCancelled && r < least {
			least = r
		}
		found = true
	}
	if !found {
		return 0, rows.Err()
	}
	return least, rows.Err()
}

// wrap wraps err, if any, with what was being done.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("fulfilment: "+format+": %w", append(args, err)...)
}
