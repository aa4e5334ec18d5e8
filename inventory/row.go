package inventory

import (
	"context"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// lockLevel returns the level k names, creating it empty when there is
// none, and holds it for the rest of the caller's transaction: PostgreSQL
// locks the row, and SQLite has one writer anyway. Feeds and consumption,
// which set figures computed from the current ones, go through it.
func lockLevel(ctx context.Context, q store.Querier, k key, now time.Time) (Level, error) {
	l := Level{Location: k.location, SKU: k.sku, Pool: k.pool}
	var asOf, updated int64
	err := q.QueryRowContext(ctx, `INSERT INTO stock_levels (location, sku, pool, on_hand,
		reserved, safety, as_of, updated_at) VALUES ($1, $2, $3, 0, 0, 0, 0, $4)
		ON CONFLICT (location, sku, pool) DO UPDATE SET as_of = stock_levels.as_of
		RETURNING on_hand, reserved, safety, as_of, updated_at`,
		k.location, k.sku, string(k.pool), store.Micros(now)).
		Scan(&l.OnHand, &l.Reserved, &l.Safety, &asOf, &updated)
	if err != nil {
		return Level{}, fmt.Errorf("inventory: lock %s: %w", k, err)
	}
	l.AsOf, l.UpdatedAt = store.FromMicros(asOf), store.FromMicros(updated)
	return l, nil
}

// writeLevel stores the figures of a level that lockLevel returned.
func writeLevel(ctx context.Context, q store.Querier, l Level, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE stock_levels SET on_hand = $1, reserved = $2,
		safety = $3, as_of = $4, updated_at = $5
		WHERE location = $6 AND sku = $7 AND pool = $8`,
		l.OnHand, l.Reserved, l.Safety, store.Micros(l.AsOf), store.Micros(now),
		l.Location, l.SKU, string(l.Pool))
	if err != nil {
		return fmt.Errorf("inventory: write %s %s at %s: %w", l.Pool, l.SKU, l.Location, err)
	}
	return nil
}

// change records in the ledger how a level went from before to after.
func change(before, after Level, kind Kind) Movement {
	return Movement{Location: after.Location, SKU: after.SKU, Pool: after.Pool,
		OnHand: after.OnHand - before.OnHand, Reserved: after.Reserved - before.Reserved,
		Safety: after.Safety - before.Safety, Kind: kind}
}
