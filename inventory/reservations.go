package inventory

import (
	"context"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// State is where a reservation stands.
type State string

// The states of a reservation.
const (
	// StateOpen means some of the quantity is still held.
	StateOpen State = "open"
	// StateConsumed means nothing is held any more and some of the
	// quantity shipped.
	StateConsumed State = "consumed"
	// StateReleased means all of the quantity was given back.
	StateReleased State = "released"
)

// ReservationRecord is a reservation as stored, with what became of it.
type ReservationRecord struct {
	Reservation
	// Consumed is how much of Quantity shipped.
	Consumed int64 `json:"consumed"`
	// Released is how much of Quantity was given back.
	Released  int64     `json:"released"`
	State     State     `json:"state"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Open returns the quantity still held.
func (r ReservationRecord) Open() int64 { return r.Quantity - r.Consumed - r.Released }

// Reservations returns every reservation of an order, open or closed, in
// the order they were made.
func Reservations(ctx context.Context, q store.Querier,
	omsOrderID string) ([]ReservationRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT line_id, location, sku, quantity, consumed,
		released, state, created_at, updated_at FROM stock_reservations
		WHERE oms_order_id = $1 ORDER BY id`, omsOrderID)
	if err != nil {
		return nil, fmt.Errorf("inventory: reservations of %s: %w", omsOrderID, err)
	}
	defer rows.Close()
	var out []ReservationRecord
	for rows.Next() {
		r := ReservationRecord{Reservation: Reservation{OMSOrderID: omsOrderID}}
		var created, updated int64
		if err := rows.Scan(&r.LineID, &r.Location, &r.SKU, &r.Quantity, &r.Consumed,
			&r.Released, &r.State, &created, &updated); err != nil {
			return nil, fmt.Errorf("inventory: reservations of %s: %w", omsOrderID, err)
		}
		r.CreatedAt, r.UpdatedAt = store.FromMicros(created), store.FromMicros(updated)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("inventory: reservations of %s: %w", omsOrderID, err)
	}
	return out, nil
}
