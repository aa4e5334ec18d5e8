package inventory_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
)

func testAvailable(t *testing.T, db *store.DB) {
	ctx := context.Background()
	// More SKUs than one query asks for.
	units := map[string]int64{}
	var skus []string
	for i := range 40 {
		sku := fmt.Sprintf("sku-%02d", i)
		units[sku] = int64(i)
		skus = append(skus, sku)
	}
	stock(t, db, "dc-a", units)
	stock(t, db, "dc-b", map[string]int64{"sku-01": 7, "sku-02": 2, "sku-03": 5})
	snapshot(t, db, inventory.Snapshot{Location: "dc-b", Pool: inventory.PoolBGrade,
		TakenAt: at(0), Items: []inventory.Item{{SKU: "sku-04", OnHand: 9}}})
	if err := reserve(t, db, at(1), inventory.Reservation{OMSOrderID: "o", LineID: "1",
		Location: "dc-b", SKU: "sku-02", Quantity: 2}); err != nil {
		t.Fatal(err)
	}
	err := inventory.SetSafety(ctx, db.Write, "dc-b", "sku-03", inventory.PoolSellable, 1,
		at(1))
	if err != nil {
		t.Fatal(err)
	}

	want := inventory.Availability{"dc-a": {}, "dc-b": {"sku-01": 7, "sku-03": 4}}
	for i, sku := range skus[1:] {
		want["dc-a"][sku] = int64(i + 1)
	}
	asked := append(skus, "sku-01", "unknown")
	got, err := inventory.Available(ctx, db.Read, asked)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		location, sku string
		want          int64
	}{
		{"dc-a", "sku-39", 39},
		{"dc-a", "sku-00", 0},  // none on hand
		{"dc-b", "sku-02", 0},  // all reserved
		{"dc-b", "sku-04", 0},  // b-grade only
		{"dc-c", "sku-01", 0},  // a location that holds nothing
		{"dc-b", "unknown", 0}, // a SKU no one holds
	} {
		if n := got.Available(c.location, c.sku); n != c.want {
			t.Errorf("Available(%s, %s) = %d, want %d", c.location, c.sku, n, c.want)
		}
	}
	if _, err := inventory.Available(ctx, db.Read, []string{"a", ""}); !errors.Is(err,
		inventory.ErrInvalid) {
		t.Errorf("an empty SKU: got %v, want ErrInvalid", err)
	}
	if got, err := inventory.Available(ctx, db.Read, nil); err != nil || len(got) != 0 {
		t.Errorf("no SKUs: got %v, %v", got, err)
	}
}

func testLevels(t *testing.T, db *store.DB) {
	ctx := context.Background()
	stock(t, db, "dc-a", map[string]int64{"a": 1, "b": 2, "c": 3})
	stock(t, db, "dc-b", map[string]int64{"a": 4, "b": 5})
	snapshot(t, db, inventory.Snapshot{Location: "dc-a", Pool: inventory.PoolQuarantine,
		TakenAt: at(0), Items: []inventory.Item{{SKU: "a", OnHand: 6}}})
	name := func(ls []inventory.Level) []string {
		var out []string
		for _, l := range ls {
			out = append(out, fmt.Sprintf("%s/%s/%s=%d", l.Location, l.SKU, l.Pool, l.OnHand))
		}
		return out
	}

	t.Run("pages through every level in order", func(t *testing.T) {
		var got []string
		f := inventory.LevelFilter{Limit: 2}
		for pages := 1; ; pages++ {
			ls, next, err := inventory.Levels(ctx, db.Read, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(ls) > 2 || pages > 3 {
				t.Fatalf("page %d holds %d levels", pages, len(ls))
			}
			got = append(got, name(ls)...)
			if next == "" {
				break
			}
			f.Cursor = next
		}
		want := []string{"dc-a/a/quarantine=6", "dc-a/a/sellable=1", "dc-a/b/sellable=2",
			"dc-a/c/sellable=3", "dc-b/a/sellable=4", "dc-b/b/sellable=5"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	filters := []struct {
		name   string
		filter inventory.LevelFilter
		want   []string
	}{
		{"by location", inventory.LevelFilter{Location: "dc-b"},
			[]string{"dc-b/a/sellable=4", "dc-b/b/sellable=5"}},
		{"by SKU", inventory.LevelFilter{SKU: "a"},
			[]string{"dc-a/a/quarantine=6", "dc-a/a/sellable=1", "dc-b/a/sellable=4"}},
		{"by pool", inventory.LevelFilter{Pool: inventory.PoolQuarantine},
			[]string{"dc-a/a/quarantine=6"}},
		{"by all three", inventory.LevelFilter{Location: "dc-a", SKU: "a",
			Pool: inventory.PoolSellable}, []string{"dc-a/a/sellable=1"}},
	}
	for _, tt := range filters {
		t.Run(tt.name, func(t *testing.T) {
			ls, next, err := inventory.Levels(ctx, db.Read, tt.filter)
			if err != nil || next != "" {
				t.Fatalf("next %q, %v", next, err)
			}
			if diff := cmp.Diff(tt.want, name(ls)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	t.Run("times are kept", func(t *testing.T) {
		l := level(t, db, "dc-a", "a", inventory.PoolSellable)
		if !l.AsOf.Equal(at(0)) || !l.UpdatedAt.Equal(at(0)) {
			t.Errorf("as of %v, updated %v; want both %v", l.AsOf, l.UpdatedAt, at(0))
		}
	})
	t.Run("rejects a bad cursor or filter", func(t *testing.T) {
		for _, f := range []inventory.LevelFilter{{Cursor: "not a cursor"},
			{Cursor: "YWJj"}} {
			if _, _, err := inventory.Levels(ctx, db.Read, f); !errors.Is(err,
				inventory.ErrBadCursor) {
				t.Errorf("cursor %q: got %v, want ErrBadCursor", f.Cursor, err)
			}
		}
		_, _, err := inventory.Levels(ctx, db.Read, inventory.LevelFilter{Pool: "x"})
		wantInvalid(t, err)
		_, _, err = inventory.Levels(ctx, db.Read, inventory.LevelFilter{Location: "A"})
		wantInvalid(t, err)
	})
}

// testMovements follows one level through every kind of change and
// expects the ledger to tell each, newest first, adding up to the level.
func testMovements(t *testing.T, db *store.DB) {
	ctx := context.Background()
	snapshot(t, db, inventory.Snapshot{Location: "dc-a", Pool: inventory.PoolSellable,
		TakenAt: at(0), Source: "wms", Items: []inventory.Item{{SKU: "a", OnHand: 5}}})
	delta(t, db, inventory.Delta{ID: "d1", Location: "dc-a", SKU: "a",
		Pool: inventory.PoolSellable, Change: 2, At: at(1), Reason: "receipt", Source: "erp"})
	if err := inventory.SetSafety(ctx, db.Write, "dc-a", "a", inventory.PoolSellable, 1,
		at(2)); err != nil {
		t.Fatal(err)
	}
	ship(t, db, "dc-a", "a", 3, 3, 4)
	if err := reserve(t, db, at(5), inventory.Reservation{OMSOrderID: "o2", LineID: "1",
		Location: "dc-a", SKU: "a", Quantity: 1}); err != nil {
		t.Fatal(err)
	}
	release(t, db, "o2", at(6))

	ms, err := inventory.Movements(ctx, db.Read, "dc-a", "a", 0)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Kind                     inventory.Kind
		OnHand, Reserved, Safety int64
		Reference, Source, Note  string
		At                       int // minutes
	}
	var got []row
	var sum figures
	for _, m := range ms {
		got = append(got, row{m.Kind, m.OnHand, m.Reserved, m.Safety, m.Reference,
			m.Source, m.Note, int(m.At.Sub(t0).Minutes())})
		sum.OnHand += m.OnHand
		sum.Reserved += m.Reserved
		sum.Safety += m.Safety
		if m.Location != "dc-a" || m.SKU != "a" || m.Pool != inventory.PoolSellable ||
			m.RecordedAt.IsZero() {
			t.Errorf("movement %+v", m)
		}
	}
	order := "o-dc-a-a-3/1"
	want := []row{
		{inventory.KindRelease, 0, -1, 0, "o2/1", "", "", 6},
		{inventory.KindReserve, 0, 1, 0, "o2/1", "", "", 5},
		{inventory.KindConsume, -3, -3, 0, order, "", "shipment s-o-dc-a-a-3", 4},
		{inventory.KindReserve, 0, 3, 0, order, "", "", 3},
		{inventory.KindAdjust, 0, 0, 1, "", "", "", 2},
		{inventory.KindDelta, 2, 0, 0, "d1", "erp", "receipt", 1},
		{inventory.KindSnapshot, 5, 0, 0, "", "wms", "", 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	l := sellable(t, db, "dc-a", "a")
	sum.Available = l.Available
	if sum != l {
		t.Errorf("the ledger adds up to %+v, the level is %+v", sum, l)
	}
	if ms, err := inventory.Movements(ctx, db.Read, "dc-a", "a", 2); err != nil ||
		len(ms) != 2 {
		t.Errorf("limit 2: %d movements, %v", len(ms), err)
	}
	_, err = inventory.Movements(ctx, db.Read, "dc a", "a", 0)
	wantInvalid(t, err)
}
