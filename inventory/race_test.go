package inventory_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// runner runs fn in a transaction of its own that commits when fn succeeds.
type runner func(ctx context.Context, fn func(ctx context.Context, q store.Querier) error) error

// viaBatcher runs each unit through a Batcher, as the product does.
func viaBatcher(t *testing.T, db *store.DB) runner {
	b := store.NewBatcher(db, store.BatchOptions{MaxBatch: 8})
	t.Cleanup(b.Close)
	return func(ctx context.Context, fn func(context.Context, store.Querier) error) error {
		return b.Do(ctx, func(ctx context.Context, tx *store.Tx) error { return fn(ctx, tx) })
	}
}

// viaTransactions runs each unit in a transaction of the pool, so that on
// PostgreSQL they run at once on separate connections.
func viaTransactions(t *testing.T, db *store.DB) runner {
	warm(t, db, 8)
	return func(ctx context.Context, fn func(context.Context, store.Querier) error) error {
		tx, err := db.Write.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if err := fn(ctx, tx); err != nil {
			return err
		}
		return tx.Commit()
	}
}

// warm opens n connections of the pool at once, so that units started
// together run together rather than one after another while the pool
// connects.
func warm(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	var conns []*sql.Conn
	for range n {
		c, err := db.Write.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.PingContext(ctx); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for _, c := range conns {
		c.Close()
	}
}

// TestRaceForTheLastUnit has many orders reserve the last unit at once,
// each in its own transaction, and expects exactly one to get it.
func TestRaceForTheLastUnit(t *testing.T) {
	t.Parallel()
	const racers = 32
	paths := []struct {
		dialect store.Dialect
		name    string
		runner  func(t *testing.T, db *store.DB) runner
	}{
		{store.SQLite, "batcher", viaBatcher},
		{store.Postgres, "transactions", viaTransactions},
		{store.Postgres, "batcher", viaBatcher},
	}
	orders := []struct {
		name  string
		lines func(location string, i int) []inventory.Reservation
	}{{
		name: "one line",
		lines: func(location string, i int) []inventory.Reservation {
			return []inventory.Reservation{{OMSOrderID: fmt.Sprint(location, "-o", i),
				LineID: "1", Location: location, SKU: "a", Quantity: 1}}
		},
	}, {
		// Half the orders list the SKUs the other way round: whatever
		// order they come in, no two transactions wait for each other.
		name: "two lines in either order",
		lines: func(location string, i int) []inventory.Reservation {
			order := fmt.Sprint(location, "-o", i)
			rs := []inventory.Reservation{
				{OMSOrderID: order, LineID: "1", Location: location, SKU: "a", Quantity: 1},
				{OMSOrderID: order, LineID: "2", Location: location, SKU: "b", Quantity: 1},
			}
			if i%2 == 1 {
				rs[0], rs[1] = rs[1], rs[0]
			}
			return rs
		},
	}}
	for _, p := range paths {
		t.Run(fmt.Sprintf("%s/%s", p.dialect, p.name), func(t *testing.T) {
			t.Parallel()
			db := storetest.Open(t, p.dialect)
			run := p.runner(t, db)
			for n, o := range orders {
				t.Run(o.name, func(t *testing.T) {
					loc := fmt.Sprint("race-", n)
					stock(t, db, loc, map[string]int64{"a": 1, "b": 1})
					race(t, db, run, racers, func(i int) []inventory.Reservation {
						return o.lines(loc, i)
					})
					for _, sku := range []string{"a", "b"} {
						want := figures{1, 1, 0, 0}
						if o.name == "one line" && sku == "b" {
							want = figures{1, 0, 0, 1}
						}
						if got := sellable(t, db, loc, sku); got != want {
							t.Errorf("%s: got %+v, want %+v", sku, got, want)
						}
					}
					held := 0
					for i := range racers {
						rs, err := inventory.Reservations(context.Background(), db.Read,
							o.lines(loc, i)[0].OMSOrderID)
						if err != nil {
							t.Fatal(err)
						}
						held += len(rs)
					}
					if want := len(o.lines(loc, 0)); held != want {
						t.Errorf("%d reservations recorded, want the winner's %d", held, want)
					}
				})
			}
		})
	}
}

// race has n orders reserve at once, each in a transaction of its own, and
// expects exactly one to succeed and the others to find nothing available.
func race(t *testing.T, db *store.DB, run runner, n int,
	order func(i int) []inventory.Reservation) {
	t.Helper()
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = run(context.Background(), func(ctx context.Context, q store.Querier) error {
				return inventory.Reserve(ctx, q, order(i), at(1))
			})
		})
	}
	close(start)
	wg.Wait()

	won := 0
	for i, err := range errs {
		var short *inventory.ShortError
		switch {
		case err == nil:
			won++
		case errors.As(err, &short) && short.Wanted == 1 && short.Available == 0:
		default:
			t.Errorf("order %d: got %v, want nil or ErrShort", i, err)
		}
	}
	if won != 1 {
		t.Errorf("%d orders got the last unit, want 1", won)
	}
}
