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

// Reservation holds Quantity units of SKU in the sellable pool at Location
// for one line of an order.
type Reservation struct {
	OMSOrderID string `json:"oms_order_id"`
	LineID     string `json:"line_id"`
	Location   string `json:"location"`
	SKU        string `json:"sku"`
	Quantity   int64  `json:"quantity"`
}

// reference names the order line of r in the ledger and in errors.
func (r Reservation) reference() string { return r.OMSOrderID + "/" + r.LineID }

// Reserve holds stock for order lines in the caller's transaction, all or
// nothing. Each reservation succeeds only if its location can still
// promise the quantity, decided by one conditional update, so that of two
// orders racing for the last unit exactly one gets it. When a location is
// short, Reserve returns a *ShortError (matching ErrShort) for the first
// line that is, and the caller must roll its transaction back: the lines
// reserved before that one stand in it until then.
//
// A reservation says how much a line holds at a location in all: a line
// that already holds the same quantity there is left as it is, so that
// running the same allocation twice reserves once; one that holds less,
// as when the rest of a line is allocated to the location that has part
// of it, grows by the difference; holding more than asked is refused with
// ErrInvalid.
func Reserve(ctx context.Context, q store.Querier, rs []Reservation, now time.Time) error {
	if err := checkReservations(rs); err != nil {
		return err
	}
	// Rows taken in one order keep two transactions from each waiting for
	// a row the other holds.
	sorted := slices.Clone(rs)
	slices.SortFunc(sorted, func(a, b Reservation) int {
		return cmp.Or(cmp.Compare(a.Location, b.Location), cmp.Compare(a.SKU, b.SKU),
			cmp.Compare(a.OMSOrderID, b.OMSOrderID), cmp.Compare(a.LineID, b.LineID))
	})
	for _, r := range sorted {
		if err := reserve(ctx, q, r, now); err != nil {
			return err
		}
	}
	return nil
}

func checkReservations(rs []Reservation) error {
	type line struct{ order, line, location string }
	seen := make(map[line]bool, len(rs))
	for _, r := range rs {
		switch {
		case r.OMSOrderID == "":
			return invalid("reservation without an order")
		case r.LineID == "":
			return invalid("reservation for order %s without a line", r.OMSOrderID)
		case r.Quantity <= 0:
			return invalid("reservation for line %s: quantity %d", r.reference(), r.Quantity)
		}
		if err := checkKey(r.Location, r.SKU, PoolSellable); err != nil {
			return within(err, "reservation for line %s", r.reference())
		}
		l := line{r.OMSOrderID, r.LineID, r.Location}
		if seen[l] {
			return invalid("line %s reserved twice at %s", r.reference(), r.Location)
		}
		seen[l] = true
	}
	return nil
}

func reserve(ctx context.Context, q store.Querier, r Reservation, now time.Time) error {
	more, err := openReservation(ctx, q, r, now)
	if err != nil || more == 0 {
		return err
	}
	res, err := q.ExecContext(ctx, `UPDATE stock_levels
		SET reserved = reserved + $1, updated_at = $2
		WHERE location = $3 AND sku = $4 AND pool = 'sellable'
		AND on_hand - reserved - safety >= $1`,
		more, store.Micros(now), r.Location, r.SKU)
	if err != nil {
		return fmt.Errorf("inventory: reserve for line %s: %w", r.reference(), err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("inventory: reserve for line %s: %w", r.reference(), err)
	}
	if n == 0 {
		return short(ctx, q, r, more)
	}
	return record(ctx, q, Movement{Location: r.Location, SKU: r.SKU, Pool: PoolSellable,
		Reserved: more, Kind: KindReserve, Reference: r.reference(), At: now}, now)
}

// openReservation records that r's line holds r.Quantity at its location,
// and returns how many units that adds to what the line held there: all
// of them for a new reservation, the difference for one that grows, 0 for
// one held already.
func openReservation(ctx context.Context, q store.Querier, r Reservation,
	now time.Time) (int64, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO stock_reservations (oms_order_id, line_id,
		location, sku, quantity, consumed, released, state, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 0, 0, 'open', $6, $6)
		ON CONFLICT (oms_order_id, line_id, location) WHERE state = 'open' DO NOTHING`,
		r.OMSOrderID, r.LineID, r.Location, r.SKU, r.Quantity, store.Micros(now))
	if err != nil {
		return 0, fmt.Errorf("inventory: reserve for line %s: %w", r.reference(), err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, fmt.Errorf("inventory: reserve for line %s: %w", r.reference(), err)
	} else if n == 1 {
		return r.Quantity, nil
	}
	var held Reservation
	err = q.QueryRowContext(ctx, `SELECT sku, quantity FROM stock_reservations
		WHERE oms_order_id = $1 AND line_id = $2 AND location = $3 AND state = 'open'`,
		r.OMSOrderID, r.LineID, r.Location).Scan(&held.SKU, &held.Quantity)
	if err != nil {
		return 0, fmt.Errorf("inventory: reserve for line %s: %w", r.reference(), err)
	}
	if held.SKU != r.SKU || held.Quantity > r.Quantity {
		return 0, invalid("line %s holds %d of %s at %s already; release it first",
			r.reference(), held.Quantity, held.SKU, r.Location)
	}
	if held.Quantity == r.Quantity {
		return 0, nil
	}
	_, err = q.ExecContext(ctx, `UPDATE stock_reservations SET quantity = $1, updated_at = $2
		WHERE oms_order_id = $3 AND line_id = $4 AND location = $5 AND state = 'open'`,
		r.Quantity, store.Micros(now), r.OMSOrderID, r.LineID, r.Location)
	if err != nil {
		return 0, fmt.Errorf("inventory: grow reservation of line %s: %w", r.reference(), err)
	}
	return r.Quantity - held.Quantity, nil
}

// short returns the error for a reservation the location cannot fill
// with the units it wanted more.
func short(ctx context.Context, q store.Querier, r Reservation, wanted int64) error {
	l := Level{Location: r.Location, SKU: r.SKU, Pool: PoolSellable}
	err := q.QueryRowContext(ctx, `SELECT on_hand, reserved, safety FROM stock_levels
		WHERE location = $1 AND sku = $2 AND pool = 'sellable'`, r.Location, r.SKU).
		Scan(&l.OnHand, &l.Reserved, &l.Safety)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("inventory: reserve for line %s: %w", r.reference(), err)
	}
	return &ShortError{OMSOrderID: r.OMSOrderID, LineID: r.LineID, Location: r.Location,
		SKU: r.SKU, Wanted: wanted, Available: l.Available()}
}
