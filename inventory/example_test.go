package inventory_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
)

// A warehouse counts its stock, an order reserves some in the transaction
// that allocates it, and a second order finds too little left.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "ordo-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(ctx, "sqlite://"+filepath.Join(dir, "ordo.db"), store.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	batcher := store.NewBatcher(db, store.BatchOptions{})
	defer batcher.Close()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

	err = batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		_, err := inventory.ApplySnapshot(ctx, tx, inventory.Snapshot{
			Location: "dc-utrecht", Pool: inventory.PoolSellable, TakenAt: now,
			Items: []inventory.Item{{SKU: "TSHIRT-M", OnHand: 3}}, Source: "wms"}, now)
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
	allocate := func(order string) error {
		return batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			return inventory.Reserve(ctx, tx, []inventory.Reservation{{OMSOrderID: order,
				LineID: "1", Location: "dc-utrecht", SKU: "TSHIRT-M", Quantity: 2}}, now)
		})
	}
	if err := allocate("ord-1"); err != nil {
		log.Fatal(err)
	}
	a, err := inventory.Available(ctx, db.Read, []string{"TSHIRT-M"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Available("dc-utrecht", "TSHIRT-M"))
	err = allocate("ord-2")
	var short *inventory.ShortError
	if errors.As(err, &short) {
		fmt.Println(short.Location, short.SKU, short.Wanted, short.Available)
	}
	// Output:
	// 1
	// dc-utrecht TSHIRT-M 2 1
}

func ExampleLevel_Available() {
	l := inventory.Level{Location: "dc-utrecht", SKU: "TSHIRT-M", Pool: inventory.PoolSellable,
		OnHand: 10, Reserved: 6, Safety: 2}
	fmt.Println(l.Available())
	l.OnHand = 7 // a count found fewer than were reserved
	fmt.Println(l.Available())
	// Output:
	// 2
	// 0
}
