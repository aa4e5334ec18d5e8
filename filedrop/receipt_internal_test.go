package filedrop

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// receipt returns a receipt of content sum, taken now.
func receipt(id, sum string, state State, duplicateOf string) Receipt {
	return Receipt{ID: id, Source: "erp-stock", Name: id + ".csv", Size: 1, SHA256: sum,
		State: state, DuplicateOf: duplicateOf, TakenAt: time.Now()}
}

func TestInsertReceipt(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db := storetest.Open(t, d)
			t.Run("applies content once", func(t *testing.T) { appliesOnce(t, db) })
			// Of two transactions that take the same content at once, the
			// second applies it only if the first rolls back.
			for _, commit := range []bool{true, false} {
				t.Run(fmt.Sprintf("waits for the first, which commits %v", commit),
					func(t *testing.T) {
						sum := fmt.Sprint(commit)
						if stored := race(t, db, sum, commit); stored == commit {
							t.Errorf("second insert stored %v; want %v", stored, !commit)
						}
					})
			}
		})
	}
}

// appliesOnce checks which receipts may share content.
func appliesOnce(t *testing.T, db *store.DB) {
	tests := []struct {
		name string
		r    Receipt
		want bool
	}{
		{"first of its content", receipt("a", "x", StateDone, ""), true},
		{"same content again", receipt("b", "x", StateDone, ""), false},
		{"same content, refused", receipt("c", "x", StateError, ""), true},
		{"same content, a duplicate", receipt("d", "x", StateDone, "a"), true},
		{"other content", receipt("e", "y", StateDone, ""), true},
		{"same content, another source", Receipt{ID: "f", Source: "wms", SHA256: "x",
			State: StateDone, TakenAt: time.Now()}, true},
	}
	for _, tt := range tests {
		got, err := insertReceipt(context.Background(), db.Write, tt.r)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s: stored %v; want %v", tt.name, got, tt.want)
		}
	}
}

// race inserts a receipt of content sum in a transaction and, while it is
// open, another in a second transaction. It ends the first with a commit
// or a rollback and reports whether the second stored its receipt.
func race(t *testing.T, db *store.DB, sum string, commit bool) bool {
	ctx := context.Background()
	first := begin(t, db)
	if ok, err := insertReceipt(ctx, first, receipt(sum+"-a", sum, StateDone, "")); !ok {
		t.Fatalf("first insert stored %v, %v; want true", ok, err)
	}
	second := make(chan error, 1)
	var stored bool
	go func() {
		// On SQLite this waits for the only write connection, on
		// PostgreSQL for the first transaction's row.
		tx, err := db.Write.BeginTx(ctx, nil)
		if err == nil {
			stored, err = insertReceipt(ctx, tx, receipt(sum+"-b", sum, StateDone, ""))
			err = errors.Join(err, tx.Commit())
		}
		second <- err
	}()
	end := first.Commit
	if !commit {
		end = first.Rollback
	}
	if err := end(); err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	return stored
}

func begin(t *testing.T, db *store.DB) *sql.Tx {
	t.Helper()
	tx, err := db.Write.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	return tx
}
