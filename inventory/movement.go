package inventory

import (
	"context"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// Kind says what caused a movement.
type Kind string

// The kinds of movement.
const (
	// KindSnapshot is a snapshot from a feed setting the on-hand figure.
	KindSnapshot Kind = "snapshot"
	// KindDelta is a delta from a feed changing the on-hand figure.
	KindDelta Kind = "delta"
	// KindReserve is stock reserved for an order line.
	KindReserve Kind = "reserve"
	// KindRelease is a reservation given back.
	KindRelease Kind = "release"
	// KindConsume is reserved stock shipped: on hand and reserved both
	// go down.
	KindConsume Kind = "consume"
	// KindAdjust is a change of safety stock.
	KindAdjust Kind = "adjust"
)

// Movement is one entry of the ledger: one change of one level, and why.
// The changes of a level's movements add up to its figures.
type Movement struct {
	ID       int64  `json:"id"`
	Location string `json:"location"`
	SKU      string `json:"sku"`
	Pool     Pool   `json:"pool"`
	// OnHand, Reserved and Safety are the changes of those figures.
	OnHand   int64 `json:"on_hand"`
	Reserved int64 `json:"reserved"`
	Safety   int64 `json:"safety"`
	Kind     Kind  `json:"kind"`
	// Reference is the delta's id, or the order and line of a reservation
	// as ORDER/LINE.
	Reference string `json:"reference,omitempty"`
	// Source names the feed of a snapshot or delta.
	Source string `json:"source,omitempty"`
	// Note is a delta's reason, why a delta changed nothing, or the
	// shipment that consumed the units.
	Note string `json:"note,omitempty"`
	// At is when the change happened: a snapshot's taken-at time, a
	// delta's own time, or when Ordo reserved, released or consumed.
	At time.Time `json:"at"`
	// RecordedAt is when Ordo recorded the change.
	RecordedAt time.Time `json:"recorded_at"`
}

// record appends m to the ledger.
func record(ctx context.Context, q store.Querier, m Movement, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO stock_movements (location, sku, pool,
		on_hand_delta, reserved_delta, safety_delta, kind, reference, source, note, at,
		recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		m.Location, m.SKU, string(m.Pool), m.OnHand, m.Reserved, m.Safety, string(m.Kind),
		m.Reference, m.Source, m.Note, store.Micros(m.At), store.Micros(now))
	if err != nil {
		return fmt.Errorf("inventory: record %s of %s %s at %s: %w",
			m.Kind, m.Pool, m.SKU, m.Location, err)
	}
	return nil
}

// Movements returns the ledger of a SKU at a location, every pool, newest
// first; at most limit entries, 100 when limit is 0 or less.
func Movements(ctx context.Context, q store.Querier, location, sku string,
	limit int) ([]Movement, error) {
	if err := checkLocation(location); err != nil {
		return nil, err
	}
	if err := checkSKU(sku); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 100
	}
	rows, err := q.QueryContext(ctx, `SELECT id, pool, on_hand_delta, reserved_delta,
		safety_delta, kind, reference, source, note, at, recorded_at FROM stock_movements
		WHERE location = $1 AND sku = $2 ORDER BY id DESC LIMIT $3`, location, sku, limit)
	if err != nil {
		return nil, fmt.Errorf("inventory: movements of %s at %s: %w", sku, location, err)
	}
	defer rows.Close()
	var out []Movement
	for rows.Next() {
		m := Movement{Location: location, SKU: sku}
		var at, recorded int64
		if err := rows.Scan(&m.ID, &m.Pool, &m.OnHand, &m.Reserved, &m.Safety, &m.Kind,
			&m.Reference, &m.Source, &m.Note, &at, &recorded); err != nil {
			return nil, fmt.Errorf("inventory: movements of %s at %s: %w", sku, location, err)
		}
		m.At, m.RecordedAt = store.FromMicros(at), store.FromMicros(recorded)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("inventory: movements of %s at %s: %w", sku, location, err)
	}
	return out, nil
}
