package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ordo-oms/ordo/loadtest"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// TestTwoNodesOnePostgres runs two `ordo serve` processes on one
// PostgreSQL database and sends every delivery of a load, duplicates
// included, to both at once: each order must exist exactly once.
func TestTwoNodesOnePostgres(t *testing.T) {
	bin := buildOrdo(t)
	t.Setenv("ORDO_E2E_SECRET", secret)
	config := writeConfig(t, storetest.URL(t, store.Postgres))
	token := strings.TrimSpace(ordo(t, "token", "create", "--config", config,
		"--name", "nodes", "--role", "admin"))

	var urls []string
	for range 2 {
		addr := freeAddr(t)
		t.Setenv("ORDO_HTTP_ADDR", addr)
		srv := startServe(t, bin, config, "http://"+addr)
		t.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
		urls = append(urls, "http://"+addr)
	}

	deliveries, ids := creates(13, 300)

	// Every delivery goes to both nodes at the same moment, twice.
	var wg sync.WaitGroup
	errs := make(chan error, len(deliveries)*4)
	sem := make(chan struct{}, 32)
	for _, d := range deliveries {
		for i := range 4 {
			sender := &loadtest.Sender{URL: urls[i%2], Secret: []byte(secret),
				ShopDomain: "e2e.myshopify.com", Client: loadtest.NewClient(32)}
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				status, _, err := sender.Send(context.Background(), d)
				if err == nil && status != http.StatusOK {
					err = fmt.Errorf("status %d", status)
				}
				if err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("delivery: %v", err)
	}

	have := listOrderIDs(t, urls[0], token)
	if len(have) != len(ids) {
		t.Errorf("%d distinct orders, want %d", len(have), len(ids))
	}
	for id := range ids {
		if have[id] != 1 {
			t.Errorf("order %s exists %d times, want once", id, have[id])
		}
	}
}
