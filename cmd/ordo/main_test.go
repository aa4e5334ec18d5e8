package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// buffer is an io.Writer that tests can read while the program writes.
type buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

const secret = "e2e-secret"

// writeConfig writes an ordo.yaml for databaseURL with one Shopify channel
// and returns its path.
func writeConfig(t testing.TB, databaseURL string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ordo.yaml")
	cfg := fmt.Sprintf(`http:
  addr: 127.0.0.1:0
database:
  url: %s
log:
  level: warn
channels:
  - id: shop-e2e
    kind: shopify
    shop_domain: e2e.myshopify.com
    secret: ${ORDO_E2E_SECRET}
`, databaseURL)
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// serve starts `ordo serve` and returns its URL; the server stops when
// the test ends, and the test fails if it did not stop cleanly.
func serve(t *testing.T, configPath string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, logs buffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--config", configPath}, &out, &logs) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve stopped with %v; logs:\n%s", err, logs.String())
		}
	})

	addr := regexp.MustCompile(`ordo serving on (http://\S+)`)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v; logs:\n%s", err, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start in time; logs:\n%s", logs.String())
	return ""
}

// ordo runs one command to completion and returns what it printed.
func ordo(t *testing.T, args ...string) string {
	t.Helper()
	var out, errs buffer
	if err := run(context.Background(), args, &out, &errs); err != nil {
		t.Fatalf("ordo %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err,
			out.String(), errs.String())
	}
	return out.String()
}

// TestServe drives the real program: serve, create a token, send a load
// test of signed webhooks with duplicates, and check that every order
// arrived once; then rebuild the projections from the events.
func TestServe(t *testing.T) {
	t.Setenv("ORDO_E2E_SECRET", secret)
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			config := writeConfig(t, storetest.URL(t, d))
			ordo(t, "migrate", "--config", config)
			url := serve(t, config)
			token := strings.TrimSpace(ordo(t, "token", "create", "--config", config,
				"--name", "e2e", "--role", "admin"))

			report := ordo(t, "loadtest", "--url", url, "--secret", secret,
				"--shop-domain", "e2e.myshopify.com", "--token", token,
				"--orders", "300", "--concurrency", "16", "--duplicates", "0.2")
			if !strings.Contains(report, "300") {
				t.Errorf("the report does not mention 300 orders:\n%s", report)
			}
			rebuilt := ordo(t, "projections", "rebuild", "--config", config)
			if !strings.Contains(rebuilt, "rebuilt 300 orders") {
				t.Errorf("rebuild said %q, want 300 orders", rebuilt)
			}
		})
	}
}

func TestDemo(t *testing.T) {
	out := ordo(t, "demo", "--orders", "40", "--rate", "400", "--exit", "--addr", "127.0.0.1:0")
	// Three orders each from bol.com, Amazon and the till join the 40
	// from the Shopify store, and the marketplaces are told of shipments.
	if !strings.Contains(out, "orders received 49 ") {
		t.Errorf("the demo's last summary does not show 49 orders:\n%s", out)
	}
	for _, want := range []string{"demo-shop      40 orders", "demo-bol        3 orders",
		"demo-amazon     3 orders", "demo-till       3 orders", "shipment confirmations sent"} {
		if !strings.Contains(out, want) {
			t.Errorf("the demo does not show its channels (%q):\n%s", want, out)
		}
	}
	for _, want := range []string{"fulfilment orders", "── ordo rules explain",
		"Locations:\n  dc-utrecht"} {
		if !strings.Contains(out, want) {
			t.Errorf("the demo does not show its routing (%q):\n%s", want, out)
		}
	}
	// With --exit the demo ends once nothing is left in motion: every
	// fulfilment order released, and every one a warehouse took shipped.
	for _, want := range []string{"Fulfilment: ", " shipped in ", "held 0 · at warehouses 0"} {
		if !strings.Contains(out, want) {
			t.Errorf("the demo does not show its fulfilment (%q):\n%s", want, out)
		}
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"token"}, {"token", "create"}} {
		err := run(context.Background(), args, &buffer{}, &buffer{})
		if _, ok := err.(usageError); !ok {
			t.Errorf("ordo %v: got %v, want a usage error", args, err)
		}
	}
}

func TestDLQ(t *testing.T) {
	config := writeConfig(t, storetest.URL(t, store.SQLite))
	t.Setenv("ORDO_E2E_SECRET", secret)
	if out := ordo(t, "dlq", "list", "--config", config); !strings.Contains(out,
		"no dead-lettered jobs") {
		t.Errorf("dlq list on a new database said %q", out)
	}
	var out, errs buffer
	err := run(context.Background(), []string{"dlq", "replay", "--config", config, "42"},
		&out, &errs)
	if !errors.Is(err, jobs.ErrNoDeadLetter) {
		t.Errorf("replay of an unknown job: got %v, want ErrNoDeadLetter", err)
	}
	err = run(context.Background(), []string{"dlq", "replay", "--config", config, "x"},
		&out, &errs)
	if _, ok := err.(usageError); !ok {
		t.Errorf("replay of %q: got %v, want a usage error", "x", err)
	}
}
