package inventory

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// Snapshot is a feed's count of one pool at one location: at TakenAt, the
// location held these units of the SKUs listed.
type Snapshot struct {
	Location string    `json:"location"`
	Pool     Pool      `json:"pool"`
	TakenAt  time.Time `json:"taken_at"`
	// Full means the location holds none of the SKUs of the pool that
	// Items does not list.
	Full  bool   `json:"full"`
	Items []Item `json:"items"`
	// Source names the feed, for the ledger.
	Source string `json:"source"`
}

// Item is the count of one SKU in a snapshot.
type Item struct {
	SKU    string `json:"sku"`
	OnHand int64  `json:"on_hand"`
	// Safety, when set, replaces the level's safety stock.
	Safety *int64 `json:"safety,omitempty"`
}

// SnapshotResult says what a snapshot did, each list sorted by SKU.
type SnapshotResult struct {
	// Set lists the SKUs listed whose figures were set.
	Set []string `json:"set"`
	// Zeroed lists the SKUs a full snapshot did not list, set as counted
	// at zero.
	Zeroed []string `json:"zeroed"`
	// Stale lists the SKUs skipped because a snapshot taken at the same
	// time or later was applied to them before.
	Stale []string `json:"stale"`
	// Gained lists the SKUs whose available stock went up, so that orders
	// waiting for them can be routed again.
	Gained []string `json:"gained"`
}

// count is one SKU's figure in a snapshot; unlisted ones a full snapshot
// counts at zero.
type count struct {
	Item
	unlisted bool
}

// ApplySnapshot sets the on-hand figures of a snapshot, in the caller's
// transaction. A snapshot reports the stock at TakenAt, so what happened
// after that time and was recorded before the snapshot arrived is carried
// over: the on-hand figure becomes the counted one, plus the deltas dated
// after TakenAt, less what Ordo consumed after TakenAt, and never below 0.
// A SKU to which a snapshot taken at the same time or later was applied
// is skipped as stale. Reserved figures are Ordo's own; a snapshot leaves
// them alone.
func ApplySnapshot(ctx context.Context, q store.Querier, s Snapshot,
	now time.Time) (SnapshotResult, error) {
	counts, err := checkSnapshot(s)
	if err != nil {
		return SnapshotResult{}, err
	}
	if s.Full {
		if counts, err = addUnlisted(ctx, q, s, counts); err != nil {
			return SnapshotResult{}, err
		}
	}
	// Rows taken in one order keep two transactions from each waiting for
	// a row the other holds.
	slices.SortFunc(counts, func(a, b count) int { return cmp.Compare(a.SKU, b.SKU) })

	var res SnapshotResult
	for _, c := range counts {
		applied, gained, err := applyCount(ctx, q, s, c, now)
		if err != nil {
			return SnapshotResult{}, err
		}
		switch {
		case !applied:
			res.Stale = append(res.Stale, c.SKU)
		case c.unlisted:
			res.Zeroed = append(res.Zeroed, c.SKU)
		default:
			res.Set = append(res.Set, c.SKU)
		}
		if gained {
			res.Gained = append(res.Gained, c.SKU)
		}
	}
	return res, nil
}

func checkSnapshot(s Snapshot) ([]count, error) {
	if err := checkLocation(s.Location); err != nil {
		return nil, within(err, "snapshot")
	}
	if !s.Pool.Valid() {
		return nil, invalid("snapshot of %s: pool %q: want sellable, b_grade or quarantine",
			s.Location, s.Pool)
	}
	if store.Micros(s.TakenAt) <= 0 {
		return nil, invalid("snapshot of %s: taken_at is not set", s.Location)
	}
	counts := make([]count, 0, len(s.Items))
	seen := make(map[string]bool, len(s.Items))
	for _, it := range s.Items {
		switch {
		case it.SKU == "":
			return nil, invalid("snapshot of %s: empty sku", s.Location)
		case seen[it.SKU]:
			return nil, invalid("snapshot of %s: sku %s listed twice", s.Location, it.SKU)
		case it.OnHand < 0:
			return nil, invalid("snapshot of %s: sku %s: negative on-hand %d",
				s.Location, it.SKU, it.OnHand)
		case it.Safety != nil && *it.Safety < 0:
			return nil, invalid("snapshot of %s: sku %s: negative safety stock %d",
				s.Location, it.SKU, *it.Safety)
		}
		seen[it.SKU] = true
		counts = append(counts, count{Item: it})
	}
	return counts, nil
}

// addUnlisted adds a zero count for each SKU the pool holds at the
// location that the snapshot does not list.
func addUnlisted(ctx context.Context, q store.Querier, s Snapshot,
	counts []count) ([]count, error) {
	listed := make(map[string]bool, len(counts))
	for _, c := range counts {
		listed[c.SKU] = true
	}
	rows, err := q.QueryContext(ctx, `SELECT sku FROM stock_levels
		WHERE location = $1 AND pool = $2`, s.Location, string(s.Pool))
	if err != nil {
		return nil, fmt.Errorf("inventory: list %s at %s: %w", s.Pool, s.Location, err)
	}
	defer rows.Close()
	for rows.Next() {
		var sku string
		if err := rows.Scan(&sku); err != nil {
			return nil, fmt.Errorf("inventory: list %s at %s: %w", s.Pool, s.Location, err)
		}
		if !listed[sku] {
			counts = append(counts, count{Item: Item{SKU: sku}, unlisted: true})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("inventory: list %s at %s: %w", s.Pool, s.Location, err)
	}
	return counts, nil
}

// applyCount sets one SKU's level from its count, unless the level has
// seen a snapshot as recent. It reports whether it did, and whether the
// available stock went up.
func applyCount(ctx context.Context, q store.Querier, s Snapshot, c count,
	now time.Time) (applied, gained bool, err error) {
	k := key{location: s.Location, sku: c.SKU, pool: s.Pool}
	before, err := lockLevel(ctx, q, k, now)
	if err != nil {
		return false, false, err
	}
	if store.Micros(s.TakenAt) <= store.Micros(before.AsOf) {
		return false, false, nil
	}
	since, err := changeSince(ctx, q, k, s.TakenAt)
	if err != nil {
		return false, false, err
	}
	after := before
	after.OnHand, after.AsOf = max(c.OnHand+since, 0), s.TakenAt
	if c.Safety != nil {
		after.Safety = *c.Safety
	}
	if err := writeLevel(ctx, q, after, now); err != nil {
		return false, false, err
	}
	if m := change(before, after, KindSnapshot); m.OnHand != 0 || m.Safety != 0 {
		m.Source, m.At = s.Source, s.TakenAt
		if err := record(ctx, q, m, now); err != nil {
			return false, false, err
		}
	}
	return true, after.Available() > before.Available(), nil
}

// changeSince returns how the on-hand figure of a level changed after t
// by what Ordo has recorded: the deltas dated after t, less the units
// consumed after t. A consumption's reserved change is what it shipped.
func changeSince(ctx context.Context, q store.Querier, k key, t time.Time) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT CAST(COALESCE(SUM(change), 0) AS BIGINT) FROM stock_deltas
			WHERE location = $1 AND sku = $2 AND pool = $3 AND at > $4) +
		(SELECT CAST(COALESCE(SUM(reserved_delta), 0) AS BIGINT) FROM stock_movements
			WHERE location = $1 AND sku = $2 AND pool = $3 AND kind = 'consume' AND at > $4)`,
		k.location, k.sku, string(k.pool), store.Micros(t)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("inventory: changes of %s since %s: %w",
			k, t.Format(time.RFC3339), err)
	}
	return n, nil
}
