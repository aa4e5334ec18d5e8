package inventory

import (
	"context"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// Delta is a feed's report of a change of on-hand stock: Change units more
// (or fewer, when negative) of SKU in Pool at Location, at time At. ID is
// unique across every feed; a delta whose ID was seen before does nothing.
type Delta struct {
	ID       string    `json:"id"`
	Location string    `json:"location"`
	SKU      string    `json:"sku"`
	Pool     Pool      `json:"pool"`
	Change   int64     `json:"change"`
	At       time.Time `json:"at"`
	// Reason says why, in the feed's words, for the ledger.
	Reason string `json:"reason,omitempty"`
	// Source names the feed, for the ledger.
	Source string `json:"source,omitempty"`
}

// DeltaResult says what a delta did.
type DeltaResult struct {
	// Applied is true when the delta was new and not stale, and so
	// counted in the level (a decrease may have found nothing to take).
	Applied bool `json:"applied"`
	// Duplicate is true when a delta with the same ID was seen before.
	Duplicate bool `json:"duplicate"`
	// Stale is true when the delta is dated no later than the newest
	// snapshot applied to its level, which already counts it.
	Stale bool `json:"stale"`
	// Gained is true when the available stock of the SKU at the location
	// went up, so that orders waiting for it can be routed again.
	Gained bool `json:"gained"`
}

// staleNote explains in the ledger why a delta changed nothing.
const staleNote = "dated before the newest snapshot, which counts it"

// ApplyDelta applies a delta once, in the caller's transaction. The
// on-hand figure never goes below 0: a decrease larger than the stock
// leaves 0, and the ledger records the change made.
func ApplyDelta(ctx context.Context, q store.Querier, d Delta,
	now time.Time) (DeltaResult, error) {
	if err := checkDelta(d); err != nil {
		return DeltaResult{}, err
	}
	fresh, err := claimDelta(ctx, q, d, now)
	if err != nil {
		return DeltaResult{}, err
	}
	if !fresh {
		return DeltaResult{Duplicate: true}, nil
	}
	k := key{location: d.Location, sku: d.SKU, pool: d.Pool}
	before, err := lockLevel(ctx, q, k, now)
	if err != nil {
		return DeltaResult{}, err
	}
	after := before
	res := DeltaResult{Stale: store.Micros(d.At) <= store.Micros(before.AsOf)}
	note := d.Reason
	if res.Stale {
		note = staleNote
	} else {
		after.OnHand = max(before.OnHand+d.Change, 0)
		if err := writeLevel(ctx, q, after, now); err != nil {
			return DeltaResult{}, err
		}
	}
	// Every delta is in the ledger, even one that changed nothing, so
	// that an operator can see that it arrived.
	m := change(before, after, KindDelta)
	m.Reference, m.Source, m.Note, m.At = d.ID, d.Source, note, d.At
	if err := record(ctx, q, m, now); err != nil {
		return DeltaResult{}, err
	}
	res.Applied = !res.Stale
	res.Gained = after.Available() > before.Available()
	return res, nil
}

func checkDelta(d Delta) error {
	if d.ID == "" {
		return invalid("delta without an id")
	}
	if err := checkKey(d.Location, d.SKU, d.Pool); err != nil {
		return within(err, "delta %s", d.ID)
	}
	if d.Change == 0 {
		return invalid("delta %s: zero change", d.ID)
	}
	if store.Micros(d.At) <= 0 {
		return invalid("delta %s: at is not set", d.ID)
	}
	return nil
}

// claimDelta records a delta's id and reports whether it is new.
func claimDelta(ctx context.Context, q store.Querier, d Delta, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO stock_deltas (id, location, sku, pool,
		change, at, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (id) DO NOTHING`,
		d.ID, d.Location, d.SKU, string(d.Pool), d.Change, store.Micros(d.At), store.Micros(now))
	if err != nil {
		return false, fmt.Errorf("inventory: claim delta %s: %w", d.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("inventory: claim delta %s: %w", d.ID, err)
	}
	return n == 1, nil
}

// SetSafety sets the safety stock of a level, in the caller's transaction:
// units on hand that are never promised.
func SetSafety(ctx context.Context, q store.Querier, location, sku string, pool Pool,
	safety int64, now time.Time) error {
	if err := checkKey(location, sku, pool); err != nil {
		return err
	}
	if safety < 0 {
		return invalid("safety stock of %s at %s: negative %d", sku, location, safety)
	}
	before, err := lockLevel(ctx, q, key{location: location, sku: sku, pool: pool}, now)
	if err != nil || before.Safety == safety {
		return err
	}
	after := before
	after.Safety = safety
	if err := writeLevel(ctx, q, after, now); err != nil {
		return err
	}
	m := change(before, after, KindAdjust)
	m.At = now
	return record(ctx, q, m, now)
}
