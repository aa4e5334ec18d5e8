package inventory_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// TestInventory runs the tests of every function on one database of each
// dialect, emptied before each test.
func TestInventory(t *testing.T) {
	tests := []struct {
		name string
		fn   func(t *testing.T, db *store.DB)
	}{
		{"ApplySnapshot", testApplySnapshot},
		{"ApplyDelta", testApplyDelta},
		{"SetSafety", testSetSafety},
		{"Reserve", testReserve},
		{"Release", testRelease},
		{"Consume", testConsume},
		{"Available", testAvailable},
		{"Levels", testLevels},
		{"Movements", testMovements},
	}
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db := storetest.Open(t, d)
			for _, tt := range tests {
				empty(t, db)
				t.Run(tt.name, func(t *testing.T) { tt.fn(t, db) })
			}
		})
	}
}

// empty deletes everything the package stores.
func empty(t testing.TB, db *store.DB) {
	t.Helper()
	for _, table := range []string{"stock_levels", "stock_reservations", "stock_deltas",
		"stock_shipments", "stock_movements"} {
		if _, err := db.Write.Exec(`DELETE FROM ` + table); err != nil {
			t.Fatal(err)
		}
	}
}

// t0 is the start of the tests' clock; at(n) is n minutes after it.
var t0 = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)

func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

// inTx runs fn in a transaction that commits when fn succeeds and rolls
// back when it fails, and returns fn's error.
func inTx(t testing.TB, db *store.DB, fn func(tx *sql.Tx) error) error {
	t.Helper()
	ctx := context.Background()
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil {
			t.Fatal(rbErr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return nil
}

func snapshot(t testing.TB, db *store.DB, s inventory.Snapshot) inventory.SnapshotResult {
	t.Helper()
	var res inventory.SnapshotResult
	err := inTx(t, db, func(tx *sql.Tx) error {
		var err error
		res, err = inventory.ApplySnapshot(context.Background(), tx, s, s.TakenAt)
		return err
	})
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	return res
}

// stock counts units of sellable SKUs at a location at minute 0.
func stock(t testing.TB, db *store.DB, location string, units map[string]int64) {
	t.Helper()
	s := inventory.Snapshot{Location: location, Pool: inventory.PoolSellable, TakenAt: at(0)}
	for sku, n := range units {
		s.Items = append(s.Items, inventory.Item{SKU: sku, OnHand: n})
	}
	snapshot(t, db, s)
}

func delta(t testing.TB, db *store.DB, d inventory.Delta) inventory.DeltaResult {
	t.Helper()
	var res inventory.DeltaResult
	err := inTx(t, db, func(tx *sql.Tx) error {
		var err error
		res, err = inventory.ApplyDelta(context.Background(), tx, d, d.At)
		return err
	})
	if err != nil {
		t.Fatalf("delta: %v", err)
	}
	return res
}

func reserve(t testing.TB, db *store.DB, now time.Time, rs ...inventory.Reservation) error {
	t.Helper()
	return inTx(t, db, func(tx *sql.Tx) error {
		return inventory.Reserve(context.Background(), tx, rs, now)
	})
}

func consume(t testing.TB, db *store.DB, s inventory.Shipment, now time.Time) (bool, error) {
	t.Helper()
	var shipped bool
	err := inTx(t, db, func(tx *sql.Tx) error {
		var err error
		shipped, err = inventory.Consume(context.Background(), tx, s, now)
		return err
	})
	return shipped, err
}

func release(t testing.TB, db *store.DB, order string, now time.Time) []inventory.Reservation {
	t.Helper()
	var rs []inventory.Reservation
	err := inTx(t, db, func(tx *sql.Tx) error {
		var err error
		rs, err = inventory.Release(context.Background(), tx, order, now)
		return err
	})
	if err != nil {
		t.Fatalf("release %s: %v", order, err)
	}
	return rs
}

// tb is what both *testing.T and *rapid.T offer.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// level returns a level, or the zero level of that name when there is
// none.
func level(t tb, db *store.DB, location, sku string,
	pool inventory.Pool) inventory.Level {
	t.Helper()
	ls, _, err := inventory.Levels(context.Background(), db.Write,
		inventory.LevelFilter{Location: location, SKU: sku, Pool: pool})
	if err != nil {
		t.Fatal(err)
	}
	switch len(ls) {
	case 0:
		return inventory.Level{Location: location, SKU: sku, Pool: pool}
	case 1:
		return ls[0]
	}
	t.Fatalf("%d levels of %s %s at %s", len(ls), pool, sku, location)
	return inventory.Level{}
}

// figures are the numbers of a level that tests compare.
type figures struct{ OnHand, Reserved, Safety, Available int64 }

func figuresOf(l inventory.Level) figures {
	return figures{l.OnHand, l.Reserved, l.Safety, l.Available()}
}

func sellable(t testing.TB, db *store.DB, location, sku string) figures {
	t.Helper()
	return figuresOf(level(t, db, location, sku, inventory.PoolSellable))
}

func wantInvalid(t testing.TB, err error) {
	t.Helper()
	if !errors.Is(err, inventory.ErrInvalid) {
		t.Errorf("got %v, want ErrInvalid", err)
	}
}
