package inventory

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// closeOpen is the part of the statements that close reservations: what
// is neither consumed nor released is released, and the reservation ends
// as consumed when it shipped anything, as released when not.
const closeOpen = `UPDATE stock_reservations SET released = quantity - consumed,
	state = CASE WHEN consumed > 0 THEN 'consumed' ELSE 'released' END, updated_at = $1
	WHERE state = 'open' AND oms_order_id = $2`

// Release gives back every open reservation of an order, in the caller's
// transaction, as when the order is cancelled, and returns what it gave
// back: each reservation with the quantity released, sorted by location
// and SKU. Releasing again releases nothing.
func Release(ctx context.Context, q store.Querier, omsOrderID string,
	now time.Time) ([]Reservation, error) {
	if omsOrderID == "" {
		return nil, invalid("release without an order")
	}
	rows, err := q.QueryContext(ctx, closeOpen+`
		RETURNING line_id, location, sku, released`, store.Micros(now), omsOrderID)
	if err != nil {
		return nil, fmt.Errorf("inventory: release %s: %w", omsOrderID, err)
	}
	released, err := scanReleased(rows, omsOrderID)
	if err != nil {
		return nil, fmt.Errorf("inventory: release %s: %w", omsOrderID, err)
	}
	if err := unreserve(ctx, q, released, now); err != nil {
		return nil, err
	}
	return released, nil
}

// ReleaseLines gives back the open reservations of some lines of an order
// at one location, in the caller's transaction, as when a location cannot
// ship them, and returns what it gave back, sorted by location and SKU.
// Lines without an open reservation there are passed over.
func ReleaseLines(ctx context.Context, q store.Querier, omsOrderID, location string,
	lineIDs []string, now time.Time) ([]Reservation, error) {
	if omsOrderID == "" {
		return nil, invalid("release without an order")
	}
	if err := checkLocation(location); err != nil {
		return nil, err
	}
	var released []Reservation
	for _, line := range lineIDs {
		rows, err := q.QueryContext(ctx, closeOpen+` AND location = $3 AND line_id = $4
			RETURNING line_id, location, sku, released`,
			store.Micros(now), omsOrderID, location, line)
		if err != nil {
			return nil, fmt.Errorf("inventory: release line %s/%s: %w", omsOrderID, line, err)
		}
		rs, err := scanReleased(rows, omsOrderID)
		if err != nil {
			return nil, fmt.Errorf("inventory: release line %s/%s: %w", omsOrderID, line, err)
		}
		released = append(released, rs...)
	}
	if err := unreserve(ctx, q, released, now); err != nil {
		return nil, err
	}
	return released, nil
}

// scanReleased reads the reservations closed, each with the quantity it
// released: an open reservation has released nothing before.
func scanReleased(rows *sql.Rows, omsOrderID string) ([]Reservation, error) {
	defer rows.Close()
	var out []Reservation
	for rows.Next() {
		r := Reservation{OMSOrderID: omsOrderID}
		if err := rows.Scan(&r.LineID, &r.Location, &r.SKU, &r.Quantity); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// unreserve sorts released by location, SKU and line, takes each quantity
// off the reserved figure, and records it in the ledger.
func unreserve(ctx context.Context, q store.Querier, released []Reservation,
	now time.Time) error {
	// Rows taken in one order keep two transactions from each waiting for
	// a row the other holds.
	slices.SortFunc(released, func(a, b Reservation) int {
		return cmp.Or(cmp.Compare(a.Location, b.Location), cmp.Compare(a.SKU, b.SKU),
			cmp.Compare(a.LineID, b.LineID))
	})
	for _, r := range released {
		_, err := q.ExecContext(ctx, `UPDATE stock_levels
			SET reserved = reserved - $1, updated_at = $2
			WHERE location = $3 AND sku = $4 AND pool = 'sellable'`,
			r.Quantity, store.Micros(now), r.Location, r.SKU)
		if err != nil {
			return fmt.Errorf("inventory: release line %s: %w", r.reference(), err)
		}
		err = record(ctx, q, Movement{Location: r.Location, SKU: r.SKU, Pool: PoolSellable,
			Reserved: -r.Quantity, Kind: KindRelease, Reference: r.reference(), At: now}, now)
		if err != nil {
			return err
		}
	}
	return nil
}
