package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"

	"github.com/ordo-oms/ordo/loadtest"
)

// loadtestCmd drives a running Ordo with signed Shopify webhooks and
// reports throughput, latency and whether every order arrived once.
func loadtestCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("loadtest", stderr)
	cfg := loadtest.Config{Out: stderr}
	fs.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "base URL of the ordo to drive")
	secret := fs.String("secret", os.Getenv("ORDO_LOADTEST_SECRET"),
		"the Shopify channel's webhook secret (default $ORDO_LOADTEST_SECRET)")
	fs.StringVar(&cfg.ShopDomain, "shop-domain", "loadtest.myshopify.com",
		"the Shopify channel's shop_domain")
	fs.StringVar(&cfg.Token, "token", os.Getenv("ORDO_TOKEN"),
		"API token to count the orders with (default $ORDO_TOKEN)")
	fs.IntVar(&cfg.Orders, "orders", 10000, "distinct orders to send")
	fs.IntVar(&cfg.Concurrency, "concurrency", 64, "deliveries in flight at once")
	fs.Float64Var(&cfg.Duplicates, "duplicates", 0.2,
		"extra duplicate deliveries, as a fraction of orders")
	fs.Int64Var(&cfg.Seed, "seed", 1, "chooses the generated orders")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.Secret = []byte(*secret)

	report, err := loadtest.Run(ctx, cfg)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(report)
	} else {
		err = report.Write(stdout)
	}
	if err != nil {
		return err
	}
	if !report.OK() {
		return errors.New("loadtest: the run had problems; see the report")
	}
	return nil
}
