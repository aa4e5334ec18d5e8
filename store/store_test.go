package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

func forEachDialect(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, storetest.Open(t, d))
		})
	}
}

func event(t testing.TB, typ string) store.Event {
	t.Helper()
	e, err := store.NewEvent(typ, map[string]int{"n": 1}, store.Meta{OccurredAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestAppend(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b := store.NewBatcher(db, store.BatchOptions{MaxBatch: 8})
		defer b.Close()
		appendAt := func(expected int64) error {
			return b.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
				return store.Append(ctx, tx, "s", expected, time.Now(),
					[]store.Event{event(t, "a"), event(t, "b")})
			})
		}
		if err := appendAt(0); err != nil {
			t.Fatal(err)
		}

		t.Run("a stale expected version is a conflict", func(t *testing.T) {
			if err := appendAt(1); !errors.Is(err, store.ErrConflict) {
				t.Fatalf("got %v, want ErrConflict", err)
			}
		})
		t.Run("the stream holds what was appended, in order", func(t *testing.T) {
			evs, err := store.LoadStream(ctx, db.Read, "s")
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 2 || evs[0].Version != 1 || evs[1].Type != "b" {
				t.Fatalf("got %+v", evs)
			}
		})
		t.Run("events cannot be changed or deleted", func(t *testing.T) {
			if _, err := db.Write.Exec(`UPDATE events SET type = 'x'`); err == nil {
				t.Error("UPDATE of an event succeeded")
			}
			if _, err := db.Write.Exec(`DELETE FROM events`); err == nil {
				t.Error("DELETE of an event succeeded")
			}
		})
	})
}

// TestBatcherIsolatesFailures commits many units in shared transactions
// and expects each failing unit to undo only its own writes.
func TestBatcherIsolatesFailures(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *store.DB) {
		b := store.NewBatcher(db, store.BatchOptions{MaxBatch: 16})
		defer b.Close()
		boom := errors.New("boom")
		var wg sync.WaitGroup
		errs := make([]error, 100)
		for i := range 100 {
			wg.Go(func() {
				errs[i] = b.Do(context.Background(), func(ctx context.Context, tx *store.Tx) error {
					_, err := store.Quarantine(ctx, tx, store.Quarantined{Source: "t",
						Reason: "r", Body: []byte{byte(i)}, ReceivedAt: time.Now()})
					if err == nil && i%4 == 0 {
						err = boom
					}
					return err
				})
			})
		}
		wg.Wait()
		for i, err := range errs {
			if want := i%4 == 0; errors.Is(err, boom) != want || (!want && err != nil) {
				t.Errorf("unit %d: got %v", i, err)
			}
		}
		items, err := store.ListQuarantine(context.Background(), db.Read, "", 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 75 {
			t.Errorf("%d rows committed, want the 75 of units that succeeded", len(items))
		}
	})
}

func TestBatcherAfterClose(t *testing.T) {
	db := storetest.Open(t, store.SQLite)
	b := store.NewBatcher(db, store.BatchOptions{MaxBatch: 8})
	b.Close()
	err := b.Do(context.Background(), func(context.Context, *store.Tx) error { return nil })
	if !errors.Is(err, store.ErrClosed) {
		t.Fatalf("got %v, want ErrClosed", err)
	}
}

func TestTokens(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tok, err := store.CreateToken(ctx, db.Write, "erp", "integration", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		got, err := store.Authenticate(ctx, db.Read, tok)
		if err != nil || got.Name != "erp" || got.Role != "integration" {
			t.Fatalf("authenticate: %+v, %v", got, err)
		}
		var stored string
		if err := db.Read.QueryRow(`SELECT hash FROM api_tokens`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored == tok {
			t.Error("the token itself is stored; only its hash may be")
		}
		if _, err := store.Authenticate(ctx, db.Read, tok+"x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a wrong token: got %v, want ErrNotFound", err)
		}
		if _, err := store.CreateToken(ctx, db.Write, "x", "root", time.Now()); !errors.Is(err, store.ErrUnknownRole) {
			t.Errorf("an unknown role: got %v, want ErrUnknownRole", err)
		}
	})
}

func TestMigrateIsCurrentAndRepeatable(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second migration: %v", err)
		}
		ok, err := db.Current(ctx)
		if err != nil || !ok {
			t.Fatalf("current: %v, %v", ok, err)
		}
	})
}
