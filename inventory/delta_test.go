package inventory_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
)

func testApplyDelta(t *testing.T, db *store.DB) {
	type step struct {
		change int64
		minute int
		id     string // empty: a new id
	}
	tests := []struct {
		name    string
		onHand  int64 // counted at minute 0
		steps   []step
		want    []inventory.DeltaResult // one for each step
		figures figures
	}{{
		name:  "adds and takes units",
		steps: []step{{change: 5, minute: 1}, {change: -2, minute: 2}},
		want: []inventory.DeltaResult{
			{Applied: true, Gained: true}, {Applied: true}},
		figures: figures{3, 0, 0, 3},
	}, {
		name:    "applies a delta once",
		onHand:  1,
		steps:   []step{{change: 4, minute: 1, id: "x"}, {change: 4, minute: 1, id: "x"}},
		want:    []inventory.DeltaResult{{Applied: true, Gained: true}, {Duplicate: true}},
		figures: figures{5, 0, 0, 5},
	}, {
		name:    "never takes the stock below zero",
		onHand:  2,
		steps:   []step{{change: -5, minute: 1}, {change: 1, minute: 2}},
		want:    []inventory.DeltaResult{{Applied: true}, {Applied: true, Gained: true}},
		figures: figures{1, 0, 0, 1},
	}, {
		name:    "a delta dated before the last snapshot is in its count",
		onHand:  2,
		steps:   []step{{change: 3, minute: -1}, {change: 3, minute: 0}},
		want:    []inventory.DeltaResult{{Stale: true}, {Stale: true}},
		figures: figures{2, 0, 0, 2},
	}}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := fmt.Sprintf("loc-%d", i)
			stock(t, db, loc, map[string]int64{"a": tt.onHand})
			for j, s := range tt.steps {
				id := s.id
				if id == "" {
					id = fmt.Sprint(j)
				}
				got := delta(t, db, inventory.Delta{ID: loc + "-" + id, Location: loc, SKU: "a",
					Pool: inventory.PoolSellable, Change: s.change, At: at(s.minute)})
				if got != tt.want[j] {
					t.Errorf("step %d: got %+v, want %+v", j, got, tt.want[j])
				}
			}
			if got := sellable(t, db, loc, "a"); got != tt.figures {
				t.Errorf("got %+v, want %+v", got, tt.figures)
			}
		})
	}

	t.Run("the ledger records what each delta did", func(t *testing.T) {
		ms, err := inventory.Movements(context.Background(), db.Read, "loc-2", "a", 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, m := range ms {
			got = append(got, m.OnHand)
		}
		// Newest first: +1, the -5 that took only 2, the count of 2.
		if diff := cmp.Diff([]int64{1, -2, 2}, got); diff != "" {
			t.Errorf("on-hand changes (-want +got):\n%s", diff)
		}
		ms, err = inventory.Movements(context.Background(), db.Read, "loc-3", "a", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 3 || ms[0].OnHand != 0 || ms[0].Note == "" {
			t.Errorf("a stale delta is not in the ledger with a note: %+v", ms)
		}
	})
	t.Run("rejects bad input", func(t *testing.T) { deltaRejects(t, db) })
}

func deltaRejects(t *testing.T, db *store.DB) {
	ok := inventory.Delta{ID: "d", Location: "dc-a", SKU: "a", Pool: inventory.PoolSellable,
		Change: 1, At: at(0)}
	tests := []struct {
		name   string
		change func(d *inventory.Delta)
	}{
		{"no id", func(d *inventory.Delta) { d.ID = "" }},
		{"an empty location", func(d *inventory.Delta) { d.Location = "" }},
		{"a location out of [a-z0-9-]", func(d *inventory.Delta) { d.Location = "dc_a" }},
		{"an empty sku", func(d *inventory.Delta) { d.SKU = "" }},
		{"an unknown pool", func(d *inventory.Delta) { d.Pool = "" }},
		{"a zero change", func(d *inventory.Delta) { d.Change = 0 }},
		{"no time", func(d *inventory.Delta) { d.At = time.Time{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok
			tt.change(&d)
			err := inTx(t, db, func(tx *sql.Tx) error {
				_, err := inventory.ApplyDelta(context.Background(), tx, d, at(0))
				return err
			})
			wantInvalid(t, err)
		})
	}
}

func testSetSafety(t *testing.T, db *store.DB) {
	ctx := context.Background()
	stock(t, db, "dc-a", map[string]int64{"a": 5})
	set := func(loc, sku string, pool inventory.Pool, n int64) error {
		return inTx(t, db, func(tx *sql.Tx) error {
			return inventory.SetSafety(ctx, tx, loc, sku, pool, n, at(1))
		})
	}
	if err := set("dc-a", "a", inventory.PoolSellable, 3); err != nil {
		t.Fatal(err)
	}
	if got, want := sellable(t, db, "dc-a", "a"), (figures{5, 0, 3, 2}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	t.Run("safety stock is not promised", func(t *testing.T) {
		err := reserve(t, db, at(2), inventory.Reservation{OMSOrderID: "o", LineID: "1",
			Location: "dc-a", SKU: "a", Quantity: 3})
		if !errors.Is(err, inventory.ErrShort) {
			t.Errorf("got %v, want ErrShort", err)
		}
	})
	t.Run("the ledger records the change", func(t *testing.T) {
		ms, err := inventory.Movements(ctx, db.Read, "dc-a", "a", 1)
		if err != nil || len(ms) != 1 {
			t.Fatalf("%+v, %v", ms, err)
		}
		if m := ms[0]; m.Kind != inventory.KindAdjust || m.Safety != 3 || !m.At.Equal(at(1)) {
			t.Errorf("got %+v", m)
		}
	})
	t.Run("rejects bad input", func(t *testing.T) {
		wantInvalid(t, set("dc-a", "a", inventory.PoolSellable, -1))
		wantInvalid(t, set("dc-a", "", inventory.PoolSellable, 1))
		wantInvalid(t, set("DC", "a", inventory.PoolSellable, 1))
		wantInvalid(t, set("dc-a", "a", "sold", 1))
	})
}
