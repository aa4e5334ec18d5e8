package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/loadtest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/shopify"
	"github.com/ordo-oms/ordo/store"
)

// BenchmarkIngest measures, in one run, how fast Ordo accepts signed Shopify
// webhooks on SQLite and how fast the same database appends the same rows
// with no application around them, and reports the ratio. Run it with
//
//	go test -run '^$' -bench Ingest -benchtime 1x ./cmd/ordo
//
// ORDO_BENCH_ORDERS sets the number of orders (default 20000).
func BenchmarkIngest(b *testing.B) {
	n := envInt("ORDO_BENCH_ORDERS", 20000)
	orders := generate(b, n)
	for range b.N {
		raw := rawAppend(b, orders)
		report := serveAndLoad(b, n)
		b.ReportMetric(raw, "raw_orders/s")
		b.ReportMetric(report.AcceptedPerSecond, "accepted/s")
		b.ReportMetric(float64(report.Latency.P99.Microseconds())/1000, "p99_ms")
		b.ReportMetric(report.AcceptedPerSecond/raw, "ratio")
	}
}

// generate maps n generated Shopify orders into canonical ones.
func generate(b *testing.B, n int) []order.Order {
	b.Helper()
	g := loadtest.NewGenerator(7, "bench.myshopify.com")
	g.Problems = 0
	out := make([]order.Order, n)
	for i := range out {
		m, err := shopify.Map("shop-bench", g.Next().Body)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = m.Order
	}
	return out
}

// rawAppend writes, for each order, the rows Ordo's ingest writes for a
// new order (its de-duplication key, received event, projection row and
// lines, personal data and a job), 256 orders to a transaction, with
// prepared statements. It returns orders per second.
func rawAppend(b *testing.B, orders []order.Order) float64 {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite://"+filepath.Join(b.TempDir(), "raw.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	stmts := prepareRaw(b, db.Write)
	start := time.Now()
	for lo := 0; lo < len(orders); lo += 256 {
		tx, err := db.Write.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range orders[lo:min(lo+256, len(orders))] {
			if err := appendRaw(ctx, tx, stmts, o); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	return float64(len(orders)) / time.Since(start).Seconds()
}

type rawStmts struct{ inbox, event, order, line, personal, job *sql.Stmt }

func prepareRaw(b *testing.B, db *sql.DB) rawStmts {
	b.Helper()
	prep := func(q string) *sql.Stmt {
		s, err := db.Prepare(q)
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	return rawStmts{
		inbox: prep(`INSERT INTO inbox (key, request_hash, response, received_at)
			VALUES ($1, '', $2, $3)`),
		event: prep(`INSERT INTO events (id, stream_id, version, type, data, trace_id,
			idempotency_key, occurred_at, recorded_at) VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $7)`),
		order: prep(`INSERT INTO orders (oms_order_id, channel_id, order_id, name, status,
			payment, currency, total, country, facts, hold_reasons, version, placed_at,
			channel_updated_at, received_at, updated_at) VALUES ($1, $2, $3, $4, 'received',
			$5, $6, $7, $8, $9, '[]', 1, $10, $10, $11, $11)`),
		line: prep(`INSERT INTO order_lines (oms_order_id, line_no, line_id, kind,
			parent_line_id, sku, variant, quantity, unit_price, tax, discount)
			VALUES ($1, $2, $3, '', '', $4, $5, $6, $7, $8, $9)`),
		personal: prep(`INSERT INTO personal_data (oms_order_id, data, updated_at)
			VALUES ($1, $2, $3)`),
		job: prep(`INSERT INTO river_job (args, kind, max_attempts, metadata, queue, state,
			scheduled_at, created_at) VALUES ($1, 'validate_orders', 10, '{}', 'default',
			'available', $2, $2)`),
	}
}

func appendRaw(ctx context.Context, tx *sql.Tx, s rawStmts, o order.Order) error {
	id := uuid.Must(uuid.NewV7()).String()
	now := time.Now().UnixMicro()
	o.OMSOrderID = id
	facts, _ := json.Marshal(o.Facts())
	customer, _ := json.Marshal(o.Customer)
	result := fmt.Sprintf(`{"oms_order_id":%q,"outcome":"created","status":"received","version":1}`, id)
	execs := []struct {
		stmt *sql.Stmt
		args []any
	}{
		{s.inbox, []any{"shopify:bench:orders/create:" + id, result, now}},
		{s.event, []any{uuid.Must(uuid.NewV7()).String(), "order-" + id, order.EventReceived,
			`{"order":` + string(facts) + `}`, "4bf92f3577b34da6a3ce929d0e0e4736", id, now}},
		{s.order, []any{id, o.ChannelID, o.OrderID, o.Name, string(o.Payment), o.Currency,
			o.Totals.Total, o.Delivery.Country, string(facts), o.PlacedAt.UnixMicro(), now}},
		{s.personal, []any{id, string(customer), now}},
		{s.job, []any{fmt.Sprintf(`{"orders":[{"oms_order_id":%q}]}`, id),
			time.Now().UTC().Format("2006-01-02 15:04:05.999999")}},
	}
	for i, l := range o.Lines {
		execs = append(execs, struct {
			stmt *sql.Stmt
			args []any
		}{s.line, []any{id, i + 1, l.LineID, l.SKU, l.Variant, l.Quantity, l.UnitPrice, l.Tax,
			l.Discount}})
	}
	for _, e := range execs {
		if _, err := tx.StmtContext(ctx, e.stmt).ExecContext(ctx, e.args...); err != nil {
			return err
		}
	}
	return nil
}

// serveAndLoad starts Ordo on a new SQLite database and drives it with n
// orders, 20 % duplicates, 64 at a time.
func serveAndLoad(b *testing.B, n int) *loadtest.Report {
	b.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.Database.URL = config.URL("sqlite://" + filepath.Join(b.TempDir(), "ordo.db"))
	cfg.Log.Level = "error"
	cfg.Channels = []config.Channel{{ID: "shop-bench", Kind: "shopify",
		ShopDomain: "bench.myshopify.com", Secret: "bench-secret", Mode: "shadow"}}
	a, err := startApp(ctx, cfg, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	defer a.stop(ctx)
	token, err := store.CreateToken(ctx, a.db.Write, "bench", "admin", time.Now())
	if err != nil {
		b.Fatal(err)
	}
	report, err := loadtest.Run(ctx, loadtest.Config{URL: a.url(), Secret: []byte("bench-secret"),
		ShopDomain: "bench.myshopify.com", Token: token, Orders: n, Concurrency: 64,
		Duplicates: 0.2, Seed: 7})
	if err != nil {
		b.Fatal(err)
	}
	if !report.OK() {
		b.Fatalf("the load test failed: %v", report.Problems())
	}
	return report
}
