package inventory_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
)

// ship reserves n units of sku at location for a one-line order at minute
// reservedAt and consumes them at minute shippedAt.
func ship(t testing.TB, db *store.DB, location, sku string, n int64, reservedAt, shippedAt int) {
	t.Helper()
	order := fmt.Sprintf("o-%s-%s-%d", location, sku, reservedAt)
	err := reserve(t, db, at(reservedAt), inventory.Reservation{OMSOrderID: order,
		LineID: "1", Location: location, SKU: sku, Quantity: n})
	if err != nil {
		t.Fatalf("reserve: %v", err)
	}
	_, err = consume(t, db, inventory.Shipment{ID: "s-" + order, OMSOrderID: order,
		Location: location, Lines: []inventory.LineQty{{LineID: "1", Quantity: n}}},
		at(shippedAt))
	if err != nil {
		t.Fatalf("consume: %v", err)
	}
}

func safety(n int64) *int64 { return &n }

func testApplySnapshot(t *testing.T, db *store.DB) {
	type setup func(t *testing.T, db *store.DB, loc string)
	tests := []struct {
		name   string
		setup  setup
		snap   inventory.Snapshot // Location is set per case
		want   inventory.SnapshotResult
		levels map[string]figures // by SKU, in the snapshot's pool
	}{{
		name: "sets the listed SKUs",
		snap: inventory.Snapshot{TakenAt: at(10), Items: []inventory.Item{
			{SKU: "b", OnHand: 0}, {SKU: "a", OnHand: 5}}},
		want:   inventory.SnapshotResult{Set: []string{"a", "b"}, Gained: []string{"a"}},
		levels: map[string]figures{"a": {5, 0, 0, 5}, "b": {0, 0, 0, 0}},
	}, {
		name: "a full snapshot zeroes the SKUs it does not list",
		setup: func(t *testing.T, db *store.DB, loc string) {
			stock(t, db, loc, map[string]int64{"a": 5, "b": 3})
		},
		snap: inventory.Snapshot{TakenAt: at(10), Full: true,
			Items: []inventory.Item{{SKU: "a", OnHand: 4}}},
		want:   inventory.SnapshotResult{Set: []string{"a"}, Zeroed: []string{"b"}},
		levels: map[string]figures{"a": {4, 0, 0, 4}, "b": {0, 0, 0, 0}},
	}, {
		name: "a partial snapshot leaves the SKUs it does not list",
		setup: func(t *testing.T, db *store.DB, loc string) {
			stock(t, db, loc, map[string]int64{"a": 5, "b": 3})
		},
		snap: inventory.Snapshot{TakenAt: at(10),
			Items: []inventory.Item{{SKU: "a", OnHand: 7}}},
		want:   inventory.SnapshotResult{Set: []string{"a"}, Gained: []string{"a"}},
		levels: map[string]figures{"a": {7, 0, 0, 7}, "b": {3, 0, 0, 3}},
	}, {
		name: "a snapshot older than the newest applied is stale",
		setup: func(t *testing.T, db *store.DB, loc string) {
			snapshot(t, db, inventory.Snapshot{Location: loc, Pool: inventory.PoolSellable,
				TakenAt: at(20), Items: []inventory.Item{{SKU: "a", OnHand: 2}}})
		},
		snap: inventory.Snapshot{TakenAt: at(10), Full: true, Items: []inventory.Item{
			{SKU: "a", OnHand: 9}, {SKU: "new", OnHand: 1}}},
		want: inventory.SnapshotResult{Set: []string{"new"}, Stale: []string{"a"},
			Gained: []string{"new"}},
		levels: map[string]figures{"a": {2, 0, 0, 2}, "new": {1, 0, 0, 1}},
	}, {
		name: "a snapshot taken when the last one was is stale",
		setup: func(t *testing.T, db *store.DB, loc string) {
			stock(t, db, loc, map[string]int64{"a": 2})
		},
		snap: inventory.Snapshot{TakenAt: at(0),
			Items: []inventory.Item{{SKU: "a", OnHand: 9}}},
		want:   inventory.SnapshotResult{Stale: []string{"a"}},
		levels: map[string]figures{"a": {2, 0, 0, 2}},
	}, {
		name: "a snapshot older than a consumption does not bring the units back",
		setup: func(t *testing.T, db *store.DB, loc string) {
			stock(t, db, loc, map[string]int64{"a": 5})
			ship(t, db, loc, "a", 2, 5, 10)
		},
		// Counted before the shipment left: 5 then, 3 now.
		snap: inventory.Snapshot{TakenAt: at(7),
			Items: []inventory.Item{{SKU: "a", OnHand: 5}}},
		want:   inventory.SnapshotResult{Set: []string{"a"}},
		levels: map[string]figures{"a": {3, 0, 0, 3}},
	}, {
		name: "a consumption before the snapshot is in its count",
		setup: func(t *testing.T, db *store.DB, loc string) {
			stock(t, db, loc, map[string]int64{"a": 5})
			ship(t, db, loc, "a", 2, 5, 10)
		},
		snap: inventory.Snapshot{TakenAt: at(12),
			Items: []inventory.Item{{SKU: "a", OnHand: 3}}},
		want:   inventory.SnapshotResult{Set: []string{"a"}},
		levels: map[string]figures{"a": {3, 0, 0, 3}},
	}, {
		name: "a count below what shipped since leaves nothing on hand",
		setup: func(t *testing.T, db *store.DB, loc string) {
			stock(t, db, loc, map[string]int64{"a": 5})
			ship(t, db, loc, "a", 5, 5, 10)
		},
		snap: inventory.Snapshot{TakenAt: at(7),
			Items: []inventory.Item{{SKU: "a", OnHand: 3}}},
		want:   inventory.SnapshotResult{Set: []string{"a"}},
		levels: map[string]figures{"a": {0, 0, 0, 0}},
	}, {
		name: "deltas dated after the snapshot are carried over",
		setup: func(t *testing.T, db *store.DB, loc string) {
			stock(t, db, loc, map[string]int64{"a": 5})
			delta(t, db, inventory.Delta{ID: loc + "-d1", Location: loc, SKU: "a",
				Pool: inventory.PoolSellable, Change: 3, At: at(20)})
			delta(t, db, inventory.Delta{ID: loc + "-d2", Location: loc, SKU: "a",
				Pool: inventory.PoolSellable, Change: -1, At: at(5)})
		},
		// The count at 10 includes the delta at 5, not the one at 20.
		snap: inventory.Snapshot{TakenAt: at(10),
			Items: []inventory.Item{{SKU: "a", OnHand: 6}}},
		want:   inventory.SnapshotResult{Set: []string{"a"}, Gained: []string{"a"}},
		levels: map[string]figures{"a": {9, 0, 0, 9}},
	}, {
		name: "reserved units stay reserved",
		setup: func(t *testing.T, db *store.DB, loc string) {
			stock(t, db, loc, map[string]int64{"a": 5})
			if err := reserve(t, db, at(5), inventory.Reservation{OMSOrderID: "o-" + loc,
				LineID: "1", Location: loc, SKU: "a", Quantity: 2}); err != nil {
				t.Fatal(err)
			}
		},
		snap: inventory.Snapshot{TakenAt: at(10),
			Items: []inventory.Item{{SKU: "a", OnHand: 4}}},
		want:   inventory.SnapshotResult{Set: []string{"a"}},
		levels: map[string]figures{"a": {4, 2, 0, 2}},
	}, {
		name: "safety stock is set when given and kept when not",
		setup: func(t *testing.T, db *store.DB, loc string) {
			snapshot(t, db, inventory.Snapshot{Location: loc, Pool: inventory.PoolSellable,
				TakenAt: at(0), Items: []inventory.Item{{SKU: "a", OnHand: 5, Safety: safety(2)}}})
		},
		snap: inventory.Snapshot{TakenAt: at(10), Items: []inventory.Item{
			{SKU: "a", OnHand: 6}, {SKU: "b", OnHand: 6, Safety: safety(6)}}},
		want:   inventory.SnapshotResult{Set: []string{"a", "b"}, Gained: []string{"a"}},
		levels: map[string]figures{"a": {6, 0, 2, 4}, "b": {6, 0, 6, 0}},
	}, {
		name: "stock outside the sellable pool is never available",
		snap: inventory.Snapshot{Pool: inventory.PoolBGrade, TakenAt: at(10),
			Items: []inventory.Item{{SKU: "a", OnHand: 5}}},
		want:   inventory.SnapshotResult{Set: []string{"a"}},
		levels: map[string]figures{"a": {5, 0, 0, 0}},
	}}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := fmt.Sprintf("loc-%d", i)
			if tt.setup != nil {
				tt.setup(t, db, loc)
			}
			s := tt.snap
			s.Location = loc
			if s.Pool == "" {
				s.Pool = inventory.PoolSellable
			}
			got := snapshot(t, db, s)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			for sku, want := range tt.levels {
				got := figuresOf(level(t, db, loc, sku, s.Pool))
				if got != want {
					t.Errorf("%s: got %+v, want %+v", sku, got, want)
				}
			}
		})
	}
	t.Run("rejects bad input", func(t *testing.T) { snapshotRejects(t, db) })
}

func snapshotRejects(t *testing.T, db *store.DB) {
	ok := inventory.Snapshot{Location: "dc-r", Pool: inventory.PoolSellable, TakenAt: at(0),
		Items: []inventory.Item{{SKU: "a", OnHand: 1}}}
	tests := []struct {
		name   string
		change func(s *inventory.Snapshot)
	}{
		{"an empty location", func(s *inventory.Snapshot) { s.Location = "" }},
		{"a location out of [a-z0-9-]", func(s *inventory.Snapshot) { s.Location = "DC A" }},
		{"an unknown pool", func(s *inventory.Snapshot) { s.Pool = "returns" }},
		{"no time", func(s *inventory.Snapshot) { s.TakenAt = time.Time{} }},
		{"an empty sku", func(s *inventory.Snapshot) { s.Items[0].SKU = "" }},
		{"a negative on-hand", func(s *inventory.Snapshot) { s.Items[0].OnHand = -1 }},
		{"a negative safety", func(s *inventory.Snapshot) { s.Items[0].Safety = safety(-1) }},
		{"a sku listed twice", func(s *inventory.Snapshot) {
			s.Items = append(s.Items, inventory.Item{SKU: "a", OnHand: 2})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			s.Items = []inventory.Item{ok.Items[0]}
			tt.change(&s)
			err := inTx(t, db, func(tx *sql.Tx) error {
				_, err := inventory.ApplySnapshot(context.Background(), tx, s, at(0))
				return err
			})
			wantInvalid(t, err)
		})
	}
	if ls, _, err := inventory.Levels(context.Background(), db.Read,
		inventory.LevelFilter{Location: "dc-r"}); err != nil || len(ls) != 0 {
		t.Errorf("rejected snapshots left levels %+v, %v", ls, err)
	}
}
