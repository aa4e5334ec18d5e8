package fulfilment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/store"
)

// fulfilmentOrder is a fulfilment order as release and reports need it.
type fulfilmentOrder struct {
	ID, Location, Carrier, Method, Country string
	Status                                 allocation.FulfilmentStatus
	ShipBy, HoldUntil                      time.Time
	Waiting                                string
	Lines                                  []line
}

// line is a fulfilment line with what has shipped of it.
type line struct {
	OrderID, LineID, SKU string
	Quantity, Shipped    int64
	Status               allocation.FulfilmentStatus
}

func (l line) live() bool { return l.Status != allocation.FulfilmentCancelled }

// orders returns the ids of the orders with live lines in f, in the order
// of its lines.
func (f *fulfilmentOrder) orders() []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range f.Lines {
		if l.live() && !seen[l.OrderID] {
			seen[l.OrderID] = true
			out = append(out, l.OrderID)
		}
	}
	return out
}

// errNoFulfilmentOrder means no fulfilment order has the id.
var errNoFulfilmentOrder = errors.New("fulfilment: no such fulfilment order")

func loadFulfilmentOrder(ctx context.Context, q store.Querier, id string) (*fulfilmentOrder, error) {
	f := fulfilmentOrder{ID: id}
	var shipBy, hold int64
	err := q.QueryRowContext(ctx, `SELECT location, status, carrier, method, country,
		ship_by, hold_until, waiting FROM fulfilment_orders WHERE id = $1`, id).
		Scan(&f.Location, &f.Status, &f.Carrier, &f.Method, &f.Country, &shipBy, &hold, &f.Waiting)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoFulfilmentOrder
	}
	if err != nil {
		return nil, fmt.Errorf("fulfilment: load %s: %w", id, err)
	}
	f.ShipBy, f.HoldUntil = store.FromMicros(shipBy), store.FromMicros(hold)
	rows, err := q.QueryContext(ctx, `SELECT l.oms_order_id, l.line_id, l.sku, l.quantity,
		l.status, COALESCE((SELECT SUM(sl.quantity) FROM shipment_lines sl
			JOIN shipments s ON s.id = sl.shipment_id
			WHERE s.fulfilment_id = l.fulfilment_id AND sl.oms_order_id = l.oms_order_id
			AND sl.line_id = l.line_id), 0)
		FROM fulfilment_lines l WHERE l.fulfilment_id = $1
		ORDER BY l.oms_order_id, l.line_id`, id)
	if err != nil {
		return nil, fmt.Errorf("fulfilment: lines of %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l line
		if err := rows.Scan(&l.OrderID, &l.LineID, &l.SKU, &l.Quantity, &l.Status,
			&l.Shipped); err != nil {
			return nil, fmt.Errorf("fulfilment: lines of %s: %w", id, err)
		}
		f.Lines = append(f.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("fulfilment: lines of %s: %w", id, err)
	}
	return &f, nil
}

// setStatus moves a fulfilment order and its lines that are not cancelled
// or shipped to status.
func setStatus(ctx context.Context, tx store.Querier, id string,
	status allocation.FulfilmentStatus, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE fulfilment_orders SET status = $1, updated_at = $2
		WHERE id = $3`, string(status), store.Micros(now), id)
	if err == nil {
		_, err = tx.ExecContext(ctx, `UPDATE fulfilment_lines SET status = $1
			WHERE fulfilment_id = $2 AND status NOT IN ($3, $4)`, string(status), id,
			string(allocation.FulfilmentCancelled), string(allocation.FulfilmentShipped))
	}
	if err != nil {
		return fmt.Errorf("fulfilment: set %s %s: %w", id, status, err)
	}
	return nil
}
