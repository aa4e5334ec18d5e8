package inventory

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// Shipment is what a location shipped of an order: some units of some of
// its lines. ID identifies the shipment; a repeated ID consumes nothing.
type Shipment struct {
	ID         string    `json:"id"`
	OMSOrderID string    `json:"oms_order_id"`
	Location   string    `json:"location"`
	Lines      []LineQty `json:"lines"`
}

// LineQty is a quantity of one order line.
type LineQty struct {
	LineID   string `json:"line_id"`
	Quantity int64  `json:"quantity"`
}

// Consume records a shipment in the caller's transaction: each line's
// quantity leaves its open reservation at the location, and the on-hand
// and reserved figures both go down by it. A reservation shipped in full
// closes; one shipped in part stays open for the rest, which Release or
// ReleaseLines gives back. Consume reports false, and does nothing, for a
// shipment whose ID it has seen. A line that asks for more than its open
// reservation holds makes it return an error matching ErrNotReserved, and
// the caller must roll its transaction back.
//
// The on-hand figure never goes below 0: if a feed counted fewer units
// than were reserved, consuming them leaves 0, and the ledger records the
// change made.
func Consume(ctx context.Context, q store.Querier, s Shipment, now time.Time) (bool, error) {
	if err := checkShipment(s); err != nil {
		return false, err
	}
	fresh, err := claimShipment(ctx, q, s, now)
	if err != nil || !fresh {
		return false, err
	}
	taken := make([]Reservation, 0, len(s.Lines))
	for _, l := range s.Lines {
		r, err := take(ctx, q, s, l, now)
		if err != nil {
			return false, err
		}
		taken = append(taken, r)
	}
	// Rows taken in one order keep two transactions from each waiting for
	// a row the other holds.
	slices.SortFunc(taken, func(a, b Reservation) int {
		return cmp.Or(cmp.Compare(a.SKU, b.SKU), cmp.Compare(a.LineID, b.LineID))
	})
	for _, r := range taken {
		if err := ship(ctx, q, s, r, now); err != nil {
			return false, err
		}
	}
	return true, nil
}

func checkShipment(s Shipment) error {
	if s.ID == "" {
		return invalid("shipment without an id")
	}
	if s.OMSOrderID == "" {
		return invalid("shipment %s without an order", s.ID)
	}
	if err := checkLocation(s.Location); err != nil {
		return within(err, "shipment %s", s.ID)
	}
	seen := make(map[string]bool, len(s.Lines))
	for _, l := range s.Lines {
		switch {
		case l.LineID == "":
			return invalid("shipment %s: a line without an id", s.ID)
		case seen[l.LineID]:
			return invalid("shipment %s: line %s listed twice", s.ID, l.LineID)
		case l.Quantity <= 0:
			return invalid("shipment %s: line %s: quantity %d", s.ID, l.LineID, l.Quantity)
		}
		seen[l.LineID] = true
	}
	return nil
}

// claimShipment records a shipment's id and reports whether it is new.
func claimShipment(ctx context.Context, q store.Querier, s Shipment,
	now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO stock_shipments (id, oms_order_id, location,
		recorded_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
		s.ID, s.OMSOrderID, s.Location, store.Micros(now))
	if err != nil {
		return false, fmt.Errorf("inventory: claim shipment %s: %w", s.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("inventory: claim shipment %s: %w", s.ID, err)
	}
	return n == 1, nil
}

// take moves a line's shipped quantity from open to consumed in its
// reservation, closing it when nothing stays open, and returns the SKU
// and quantity taken.
func take(ctx context.Context, q store.Querier, s Shipment, l LineQty,
	now time.Time) (Reservation, error) {
	r := Reservation{OMSOrderID: s.OMSOrderID, LineID: l.LineID, Location: s.Location,
		Quantity: l.Quantity}
	err := q.QueryRowContext(ctx, `UPDATE stock_reservations SET consumed = consumed + $1,
		state = CASE WHEN consumed + $1 = quantity THEN 'consumed' ELSE 'open' END,
		updated_at = $2
		WHERE oms_order_id = $3 AND line_id = $4 AND location = $5 AND state = 'open'
		AND quantity - consumed >= $1
		RETURNING sku`,
		l.Quantity, store.Micros(now), s.OMSOrderID, l.LineID, s.Location).Scan(&r.SKU)
	if errors.Is(err, sql.ErrNoRows) {
		return Reservation{}, notReserved(ctx, q, r)
	}
	if err != nil {
		return Reservation{}, fmt.Errorf("inventory: consume line %s: %w", r.reference(), err)
	}
	return r, nil
}

// notReserved returns the error for a line that asks for more than its
// open reservation holds.
func notReserved(ctx context.Context, q store.Querier, r Reservation) error {
	var open int64
	err := q.QueryRowContext(ctx, `SELECT quantity - consumed FROM stock_reservations
		WHERE oms_order_id = $1 AND line_id = $2 AND location = $3 AND state = 'open'`,
		r.OMSOrderID, r.LineID, r.Location).Scan(&open)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("inventory: consume line %s: %w", r.reference(), err)
	}
	return fmt.Errorf("inventory: consume %d of line %s at %s, %d reserved: %w",
		r.Quantity, r.reference(), r.Location, open, ErrNotReserved)
}

// ship takes a consumed quantity off the level's figures.
func ship(ctx context.Context, q store.Querier, s Shipment, r Reservation,
	now time.Time) error {
	before, err := lockLevel(ctx, q, key{location: r.Location, sku: r.SKU,
		pool: PoolSellable}, now)
	if err != nil {
		return err
	}
	after := before
	after.OnHand, after.Reserved = max(before.OnHand-r.Quantity, 0), before.Reserved-r.Quantity
	if err := writeLevel(ctx, q, after, now); err != nil {
		return err
	}
	m := change(before, after, KindConsume)
	m.Reference, m.Note, m.At = r.reference(), "shipment "+s.ID, now
	return record(ctx, q, m, now)
}
