package main

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/loadtest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// demoShop is the shop domain of the demo's simulated Shopify store.
const demoShop = "ordo-demo.myshopify.com"

// demoRules is the demo's rule set: three warehouses in two countries.
//
//go:embed demo_rules.yaml
var demoRules []byte

// demoCmd runs Ordo on a throw-away SQLite database with two simulated
// warehouses and a 3PL, and feeds it a stream of signed Shopify webhooks,
// with duplicates and reordering, while printing a live summary. Orders
// come from bol.com and Amazon too, each a local server that speaks the
// party's API, and from a shop's till; the marketplaces are told of every
// shipment. The 3PL
// exchanges files with Ordo over SFTP, on a private sshd, when OpenSSH's
// server is installed, and is simulated when it is not. Half-way, new
// stock arrives through the API and the orders waiting for it are routed.
func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "where to serve the dashboard and API")
	orders := fs.Int("orders", 2000, "distinct orders to send; the demo keeps serving after")
	rate := fs.Float64("rate", 40, "deliveries per second")
	seed := fs.Int64("seed", 1, "chooses the generated orders")
	exit := fs.Bool("exit", false,
		"stop once every delivery is sent and every order has shipped or come to rest")
	logPath := fs.String("log", "", "write the JSON logs to this file (default: discard)")
	if err := fs.Parse(args); err != nil {
		return err
	}

	dir, err := os.MkdirTemp("", "ordo-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(dir)
	secret := make([]byte, 16)
	if _, err := rand.Read(secret); err != nil {
		return fmt.Errorf("demo: secret: %w", err)
	}
	cfg := config.Default()
	cfg.HTTP.Addr = *addr
	cfg.Database.URL = config.URL("sqlite://" + filepath.Join(dir, "ordo.db"))
	chans, err := startDemoChannels()
	if err != nil {
		return err
	}
	defer chans.Close()
	cfg.Channels = append([]config.Channel{{ID: "demo-shop", Kind: "shopify",
		ShopDomain: demoShop, Secret: config.Secret(hex.EncodeToString(secret)),
		Mode: "shadow"}}, chans.config()...)
	sftp, antwerpKind := startDemoSFTP(filepath.Join(dir, "sftp"))
	if sftp != nil {
		defer sftp.Close()
	}
	cfg.Locations = demoLocations(sftp)
	cfg.Rules = filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(cfg.Rules, demoRules, 0o644); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	cfg = cfg.WithDefaults()

	logs := io.Discard
	if *logPath != "" {
		f, err := os.Create(*logPath)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		defer f.Close()
		logs = f
	}
	a, err := startApp(ctx, cfg, logs)
	if err != nil && *addr != "127.0.0.1:0" {
		// The default port may be taken; any free one will do.
		cfg.HTTP.Addr = "127.0.0.1:0"
		a, err = startApp(ctx, cfg, logs)
	}
	if err != nil {
		return err
	}
	defer a.stop(context.WithoutCancel(ctx))

	token, err := store.CreateToken(ctx, a.db.Write, "demo", "admin", time.Now())
	if err != nil {
		return err
	}
	rng := mrand.New(mrand.NewPCG(uint64(*seed), 3))
	if err := stockDemo(ctx, a, *orders, rng); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Ordo demo on %s (database %s)\n", a.url(), dir)
	fmt.Fprintf(stdout, "  open %s/ for the orders\n", a.url())
	fmt.Fprintf(stdout, "  API:  curl -H 'Authorization: Bearer %s' %s/api/v1/orders\n",
		token, a.url())
	fmt.Fprintf(stdout, "  rules: %s (dc-utrecht, dc-tilburg, dc-antwerp)\n", cfg.Rules)
	fmt.Fprintf(stdout, "  %s\n", antwerpKind)
	fmt.Fprintf(stdout, "  channels: demo-shop (Shopify webhooks), %s (bol.com API at %s), "+
		"%s (Amazon SP-API at %s), %s (the till of %s)\n", demoBol, chans.bol.URL,
		demoAmazon, chans.amazon.URL, demoTill, demoStore)
	if sftp != nil {
		stop := runThirdParty(ctx, sftp, cfg, a.log)
		defer stop()
	}

	traffic := &demoTraffic{sender: &loadtest.Sender{URL: a.url(),
		Secret:     []byte(hex.EncodeToString(secret)),
		ShopDomain: demoShop, Client: loadtest.NewClient(4)},
		restock: func() error { return restockDemo(ctx, a.url(), token) }}
	g := loadtest.NewGenerator(*seed, demoShop)
	g.Start = time.Now().Add(-time.Hour)
	g.Returning = 0.15
	plan := loadtest.Plan(g, *orders, 0.2, mrand.New(mrand.NewPCG(uint64(*seed), 2)))
	sent := make(chan struct{})
	go func() {
		var wg sync.WaitGroup
		wg.Go(func() { traffic.send(ctx, plan, *rate) })
		wg.Go(func() {
			over := time.Duration(float64(len(plan)) / math.Max(*rate, 0.1) * float64(time.Second))
			chans.send(ctx, a.url(), max(3, *orders/20), over,
				mrand.New(mrand.NewPCG(uint64(*seed), 4)))
		})
		wg.Wait()
		close(sent)
	}()

	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(stdout)
			return nil
		case <-tick.C:
		}
		counts, err := store.CountByStatus(ctx, a.db.Read)
		if err != nil {
			return err
		}
		fulfilled, settled, err := fulfilmentStatus(ctx, a.db)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\rorders received %d · duplicates suppressed %d · "+
			"on hold %d · backordered %d · %s · errors %d   ",
			total(counts), a.duplicates(), counts[order.StatusOnHold],
			counts[order.StatusBackordered], fulfilled, traffic.failed.Load()+chans.failures())
		select {
		case <-sent:
			arrived, err := chans.arrived(ctx, a)
			if err != nil {
				return err
			}
			if *exit && settled && arrived && counts[order.StatusReceived] == 0 &&
				counts[order.StatusValidated] == 0 {
				fmt.Fprintln(stdout)
				if err := chans.explain(ctx, a, stdout); err != nil {
					return err
				}
				if err := explainDemo(ctx, a, stdout); err != nil {
					return err
				}
				return explainFulfilment(ctx, a, sftp, stdout)
			}
		default:
		}
	}
}

// demoTraffic sends the demo's deliveries at a steady rate, and restocks
// half-way.
type demoTraffic struct {
	sender  *loadtest.Sender
	restock func() error
	failed  atomic.Int64
}

func (t *demoTraffic) send(ctx context.Context, plan []loadtest.Delivery, rate float64) {
	gap := time.Duration(float64(time.Second) / math.Max(rate, 0.1))
	tick := time.NewTicker(gap)
	defer tick.Stop()
	for i, d := range plan {
		if i == len(plan)/2 && t.restock() != nil {
			t.failed.Add(1)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		status, _, err := t.sender.Send(ctx, d)
		if err != nil || status/100 != 2 {
			t.failed.Add(1)
		}
	}
}

func total(counts map[order.Status]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}
