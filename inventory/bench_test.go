package inventory_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// BenchmarkReserve reserves a 5-line order on SQLite: one order to a
// transaction of the Batcher, as allocation does; many orders from
// concurrent callers, sharing commits; and many orders in one transaction,
// which measures Reserve alone without the commit.
func BenchmarkReserve(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, store.SQLite)
	skus := []string{"a", "b", "c", "d", "e"}
	units := map[string]int64{}
	for _, sku := range skus {
		units[sku] = 1 << 40
	}
	stock(b, db, "dc-a", units)
	batcher := store.NewBatcher(db, store.BatchOptions{MaxBatch: 64})
	defer batcher.Close()

	var orders atomic.Int64
	reserveOne := func(ctx context.Context, tx *store.Tx) error {
		order := fmt.Sprint("o", orders.Add(1))
		rs := make([]inventory.Reservation, len(skus))
		for i, sku := range skus {
			rs[i] = inventory.Reservation{OMSOrderID: order, LineID: fmt.Sprint(i + 1),
				Location: "dc-a", SKU: sku, Quantity: 2}
		}
		return inventory.Reserve(ctx, tx, rs, at(1))
	}
	b.Run("one order a transaction", func(b *testing.B) {
		for b.Loop() {
			if err := batcher.Do(ctx, reserveOne); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("concurrent orders", func(b *testing.B) {
		b.SetParallelism(16)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := batcher.Do(ctx, reserveOne); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("orders in one transaction", func(b *testing.B) {
		const perTx = 100
		for done := 0; done < b.N; done += perTx {
			err := batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
				for range min(perTx, b.N-done) {
					if err := reserveOne(ctx, tx); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkApplySnapshot applies a full snapshot of 1,000 SKUs on SQLite,
// each count different from the last, in one transaction of the Batcher.
func BenchmarkApplySnapshot(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, store.SQLite)
	batcher := store.NewBatcher(db, store.BatchOptions{})
	defer batcher.Close()
	s := inventory.Snapshot{Location: "dc-a", Pool: inventory.PoolSellable, Full: true}
	for i := range 1000 {
		s.Items = append(s.Items, inventory.Item{SKU: fmt.Sprintf("sku-%04d", i)})
	}
	n := 0
	for b.Loop() {
		n++
		s.TakenAt = at(n)
		for i := range s.Items {
			s.Items[i].OnHand = int64(n % 7)
		}
		err := batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			_, err := inventory.ApplySnapshot(ctx, tx, s, s.TakenAt)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
