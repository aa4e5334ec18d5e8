package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	mrand "math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/loadtest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// stockDemo counts stock into the demo's warehouses and into the shop
// whose till sells over the counter: about what the orders to come will
// need, each product spread over its variants, but few sneakers, so that
// some orders wait for stock.
func stockDemo(ctx context.Context, a *app, orders int, rng *mrand.Rand) error {
	skus := slices.Sorted(maps.Keys(loadtest.SKUs()))
	variants := map[string]int{}
	for _, sku := range skus {
		variants[product(sku)]++
	}
	now := time.Now().UTC()
	return a.node.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		stocked := []string{demoStore}
		for _, loc := range a.cfg.Locations {
			stocked = append(stocked, loc.ID)
		}
		for _, loc := range stocked {
			snap := inventory.Snapshot{Location: loc, Pool: inventory.PoolSellable,
				TakenAt: now, Full: true, Source: "demo"}
			for _, sku := range skus {
				// Eight products, about two units per order.
				need := 2 * orders / (8 * variants[product(sku)])
				n := int64(2 + rng.IntN(max(need, 1)))
				if product(sku) == "SNEAKER" {
					n = int64(rng.IntN(2))
				}
				snap.Items = append(snap.Items, inventory.Item{SKU: sku, OnHand: n})
			}
			if _, err := inventory.ApplySnapshot(ctx, tx, snap, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// product is the product of a demo SKU, such as TSHIRT for TSHIRT-BLK-M.
func product(sku string) string {
	p, _, _ := strings.Cut(sku, "-")
	return p
}

// restockDemo posts a delivery of sneakers to Tilburg through the API, as
// a warehouse would report it; the orders waiting for them are routed.
func restockDemo(ctx context.Context, url, token string) error {
	var deltas []inventory.Delta
	now := time.Now().UTC()
	for sku := range loadtest.SKUs() {
		if product(sku) == "SNEAKER" {
			deltas = append(deltas, inventory.Delta{ID: "demo-restock-" + sku,
				Location: "dc-tilburg", SKU: sku, Pool: inventory.PoolSellable, Change: 25,
				At: now, Reason: "inbound delivery", Source: "demo"})
		}
	}
	body, err := json.Marshal(map[string]any{"deltas": deltas})
	if err != nil {
		return fmt.Errorf("demo: restock: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/api/v1/inventory",
		bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("demo: restock: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", "demo-restock")
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("demo: restock: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(res.Body)
		return fmt.Errorf("demo: restock: %s: %s", res.Status, msg)
	}
	return nil
}

// explainDemo prints how the demo's orders were routed: the totals, and
// the explanation of a bundled, a split and a backordered order.
func explainDemo(ctx context.Context, a *app, w io.Writer) error {
	t, err := allocation.Summarize(ctx, a.db.Read)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d fulfilment orders; %d of them ship more than one part (a "+
		"customer's next order, or the rest of a split one), saving %s EUR in shipping\n",
		t.FulfilmentOrders, t.Bundled, order.FormatAmount(t.Saved, "EUR"))
	var examples []string
	for _, pick := range []func() ([]string, error){
		func() ([]string, error) { return allocation.BundledOrders(ctx, a.db.Read, 1) },
		func() ([]string, error) { return allocation.DecidedAs(ctx, a.db.Read, "partial", 1) },
		func() ([]string, error) {
			return allocation.DecidedAs(ctx, a.db.Read, "backordered", 1)
		},
	} {
		ids, err := pick()
		if err != nil {
			return err
		}
		examples = append(examples, ids...)
	}
	if len(examples) == 0 {
		if examples, err = allocation.DecidedAs(ctx, a.db.Read, "allocated", 1); err != nil {
			return err
		}
	}
	for _, id := range examples {
		rt, err := allocation.LoadRouting(ctx, a.db.Read, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n── ordo rules explain %s\n%s", id, rt.Explain())
	}
	return nil
}
