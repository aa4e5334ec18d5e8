package fulfilment

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
)

// lineKey identifies an order line in a fulfilment order.
type lineKey struct{ order, line string }

// parcel is a parcel to record, with the lines it holds.
type parcel struct {
	warehouse.Parcel
	lines []warehouse.Line
}

// ship records the parcels of a shipped report: each with carrier and
// tracking, the lines in it (everything not yet shipped when it names
// none), the stock it consumed, and an order.shipped event for each order
// in it. A parcel recorded before is passed over. Nothing is told shipped
// without carrier and tracking.
func (s *Service) ship(ctx context.Context, tx *store.Tx, f *fulfilmentOrder,
	u warehouse.StatusUpdate, meta store.Meta, now time.Time, res *Result) error {
	if f.Status == allocation.FulfilmentCancelled {
		return refuse("fulfilment order %s was cancelled; it cannot ship", f.ID)
	}
	parcels, err := plan(ctx, tx, f, u.Parcels)
	if err != nil {
		return err
	}
	if len(parcels) == 0 {
		res.Outcome = Ignored
		res.Detail = "every parcel in the report was recorded before"
		return nil
	}
	byOrder := map[string][]order.Parcel{}
	var orders []string
	for _, p := range parcels {
		got, err := s.recordParcel(ctx, tx, f, p, now)
		if err != nil {
			return err
		}
		for _, id := range sortedKeys(got) {
			if byOrder[id] == nil {
				orders = append(orders, id)
			}
			byOrder[id] = append(byOrder[id], got[id])
		}
	}
	if err := markShipped(ctx, tx, f.ID, now); err != nil {
		return err
	}
	for _, id := range orders {
		if err := s.shipped(ctx, tx, id, f, byOrder[id], meta, now); err != nil {
			return err
		}
	}
	return nil
}

// plan checks a report's parcels against what is left to ship of f and
// returns those not recorded before, each with its lines.
func plan(ctx context.Context, tx store.Querier, f *fulfilmentOrder,
	in []warehouse.Parcel) ([]parcel, error) {
	if len(in) == 0 {
		return nil, refuse("a shipped report needs its parcels, each with carrier and " +
			"tracking_number; no channel is told shipped without them")
	}
	left := map[lineKey]int64{}
	var order []lineKey
	for _, l := range f.Lines {
		if l.live() && l.Quantity > l.Shipped {
			k := lineKey{l.OrderID, l.LineID}
			left[k] = l.Quantity - l.Shipped
			order = append(order, k)
		}
	}
	var out []parcel
	for i, p := range in {
		if p.Carrier == "" || p.TrackingNumber == "" {
			return nil, refuse("parcels[%d]: needs carrier and tracking_number", i)
		}
		if p.ID == "" {
			p.ID = p.TrackingNumber
		}
		seen, err := parcelRecorded(ctx, tx, f.ID, p.ID)
		if err != nil {
			return nil, err
		}
		if seen {
			continue
		}
		lines := p.Lines
		if len(lines) == 0 {
			for _, k := range order {
				if left[k] > 0 {
					lines = append(lines, warehouse.Line{OrderID: k.order, LineID: k.line,
						Quantity: left[k]})
				}
			}
		}
		if len(lines) == 0 {
			return nil, refuse("parcels[%d]: everything in fulfilment order %s has shipped "+
				"already", i, f.ID)
		}
		for j, l := range lines {
			k := lineKey{l.OrderID, l.LineID}
			rest, ok := left[k]
			switch {
			case !ok && !f.has(k):
				return nil, refuse("parcels[%d].lines[%d]: line %s of order %s is not in "+
					"fulfilment order %s", i, j, l.LineID, l.OrderID, f.ID)
			case l.Quantity <= 0:
				return nil, refuse("parcels[%d].lines[%d]: quantity %d; it must be positive",
					i, j, l.Quantity)
			case l.Quantity > rest:
				return nil, refuse("parcels[%d].lines[%d]: ships %d of line %s of order %s, "+
					"but only %d is left to ship", i, j, l.Quantity, l.LineID, l.OrderID, rest)
			}
			left[k] = rest - l.Quantity
		}
		out = append(out, parcel{Parcel: p, lines: lines})
	}
	return out, nil
}

// has reports whether f holds the line, live or not.
func (f *fulfilmentOrder) has(k lineKey) bool {
	for _, l := range f.Lines {
		if l.OrderID == k.order && l.LineID == k.line {
			return true
		}
	}
	return false
}

func parcelRecorded(ctx context.Context, q store.Querier, fulfilmentID, parcel string) (
	bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM shipments WHERE fulfilment_id = $1
		AND parcel = $2`, fulfilmentID, parcel).Scan(&n)
	return n > 0, wrap(err, "find parcel %s of %s", parcel, fulfilmentID)
}

// recordParcel writes a parcel and consumes its stock, and returns it as
// each order's event tells it.
func (s *Service) recordParcel(ctx context.Context, tx *store.Tx, f *fulfilmentOrder,
	p parcel, now time.Time) (map[string]order.Parcel, error) {
	uid, err := uuid.NewV7()
	if err != nil {
		return nil, fmt.Errorf("fulfilment: shipment id: %w", err)
	}
	id := uid.String()
	_, err = tx.ExecContext(ctx, `INSERT INTO shipments (id, fulfilment_id, parcel, carrier,
		tracking_number, tracking_url, shipped_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		id, f.ID, p.ID, p.Carrier, p.TrackingNumber, p.TrackingURL, store.Micros(now))
	if err != nil {
		return nil, fmt.Errorf("fulfilment: record parcel %s of %s: %w", p.ID, f.ID, err)
	}
	out := map[string]order.Parcel{}
	consumed := map[string]*inventory.Shipment{}
	for _, l := range p.lines {
		_, err := tx.ExecContext(ctx, `INSERT INTO shipment_lines (shipment_id, oms_order_id,
			line_id, quantity) VALUES ($1, $2, $3, $4)`, id, l.OrderID, l.LineID, l.Quantity)
		if err != nil {
			return nil, fmt.Errorf("fulfilment: record parcel %s of %s: %w", p.ID, f.ID, err)
		}
		op, ok := out[l.OrderID]
		if !ok {
			op = order.Parcel{Parcel: p.ID, Carrier: p.Carrier, TrackingNumber: p.TrackingNumber,
				TrackingURL: p.TrackingURL}
			consumed[l.OrderID] = &inventory.Shipment{ID: id + "/" + l.OrderID,
				OMSOrderID: l.OrderID, Location: f.Location}
		}
		op.Lines = append(op.Lines, order.LineQuantity{LineID: l.LineID, SKU: f.sku(l),
			Quantity: l.Quantity})
		out[l.OrderID] = op
		c := consumed[l.OrderID]
		c.Lines = append(c.Lines, inventory.LineQty{LineID: l.LineID, Quantity: l.Quantity})
	}
	for _, id := range sortedKeys(consumed) {
		_, err := inventory.Consume(ctx, tx, *consumed[id], now)
		if errors.Is(err, inventory.ErrNotReserved) {
			return nil, refuse("order %s: %v", id, err)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (f *fulfilmentOrder) sku(l warehouse.Line) string {
	for _, fl := range f.Lines {
		if fl.OrderID == l.OrderID && fl.LineID == l.LineID {
			return fl.SKU
		}
	}
	return ""
}

// markShipped marks the lines of a fulfilment order that have shipped in
// full, and the fulfilment order when every live line has.
func markShipped(ctx context.Context, tx store.Querier, id string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE fulfilment_lines SET status = $1
		WHERE fulfilment_id = $2 AND status <> $3 AND quantity <= (
			SELECT COALESCE(SUM(sl.quantity), 0) FROM shipment_lines sl
			JOIN shipments s ON s.id = sl.shipment_id
			WHERE s.fulfilment_id = fulfilment_lines.fulfilment_id
			AND sl.oms_order_id = fulfilment_lines.oms_order_id
			AND sl.line_id = fulfilment_lines.line_id)`,
		string(allocation.FulfilmentShipped), id, string(allocation.FulfilmentCancelled))
	if err == nil {
		_, err = tx.ExecContext(ctx, `UPDATE fulfilment_orders SET status = $1, updated_at = $2
			WHERE id = $3 AND NOT EXISTS (SELECT 1 FROM fulfilment_lines
				WHERE fulfilment_id = $3 AND status NOT IN ($1, $4))`,
			string(allocation.FulfilmentShipped), store.Micros(now), id,
			string(allocation.FulfilmentCancelled))
	}
	return wrap(err, "mark %s shipped", id)
}

// shipped appends order.shipped to an order, complete when every line
// of it has now shipped.
func (s *Service) shipped(ctx context.Context, tx *store.Tx, id string, f *fulfilmentOrder,
	parcels []order.Parcel, meta store.Meta, now time.Time) error {
	rec, err := store.GetOrder(ctx, tx, id)
	if err != nil {
		return err
	}
	complete, err := allShipped(ctx, tx, rec)
	if err != nil {
		return err
	}
	e, err := store.NewEvent(order.EventShipped, &order.Shipped{FulfilmentID: f.ID,
		Location: f.Location, Parcels: parcels, Complete: complete}, meta)
	if err != nil {
		return err
	}
	if err := store.AppendOrder(ctx, tx, rec, now, e); err != nil {
		return err
	}
	if s.Channels == nil {
		return nil
	}
	return s.Channels.Shipped(ctx, tx, rec, f.ID, parcels, meta)
}

// allShipped reports whether every physical line of an order has shipped
// in full.
func allShipped(ctx context.Context, q store.Querier, rec *store.OrderRecord) (bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT line_id, SUM(quantity) FROM shipment_lines
		WHERE oms_order_id = $1 GROUP BY line_id`, rec.OMSOrderID)
	if err != nil {
		return false, wrap(err, "shipped lines of %s", rec.OMSOrderID)
	}
	defer rows.Close()
	shipped := map[string]int64{}
	for rows.Next() {
		var line string
		var n int64
		if err := rows.Scan(&line, &n); err != nil {
			return false, wrap(err, "shipped lines of %s", rec.OMSOrderID)
		}
		shipped[line] = n
	}
	if err := rows.Err(); err != nil {
		return false, wrap(err, "shipped lines of %s", rec.OMSOrderID)
	}
	for _, l := range rec.Lines {
		if l.Kind != order.KindBundle && shipped[l.LineID] < l.Quantity {
			return false, nil
		}
	}
	return true, nil
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
