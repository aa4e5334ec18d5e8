package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/loadtest"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// TestCrashLosesNothingAcknowledged kills `ordo serve` with SIGKILL while
// webhooks pour in, starts it again on the same database, and expects
// every order whose delivery was answered 2xx to be there, once; then
// delivers everything again and expects exactly one order per order.
func TestCrashLosesNothingAcknowledged(t *testing.T) {
	bin := buildOrdo(t)
	t.Setenv("ORDO_E2E_SECRET", secret)
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			config := writeConfig(t, storetest.URL(t, d))
			addr := freeAddr(t)
			t.Setenv("ORDO_HTTP_ADDR", addr)
			url := "http://" + addr
			token := strings.TrimSpace(ordo(t, "token", "create", "--config", config,
				"--name", "crash", "--role", "admin"))

			deliveries, ids := creates(11, 3000)
			sender := &loadtest.Sender{URL: url, Secret: []byte(secret),
				ShopDomain: "e2e.myshopify.com", Client: loadtest.NewClient(16)}

			srv := startServe(t, bin, config, url)
			acked := sendUntilKilled(t, sender, deliveries, srv)
			if len(acked) == 0 {
				t.Fatal("no delivery was acknowledged before the kill; the test proves nothing")
			}

			srv = startServe(t, bin, config, url)
			defer srv.Process.Kill()
			have := listOrderIDs(t, url, token)
			for id := range acked {
				if have[id] != 1 {
					t.Errorf("order %s was acknowledged before the crash but is there %d times",
						id, have[id])
				}
			}

			// Delivering everything again, as Shopify's retries would,
			// makes every order exist exactly once.
			for _, d := range deliveries {
				if status, _, err := sender.Send(context.Background(), d); err != nil ||
					status != http.StatusOK {
					t.Fatalf("redelivery: status %d, %v", status, err)
				}
			}
			have = listOrderIDs(t, url, token)
			for id := range ids {
				if have[id] != 1 {
					t.Errorf("order %s exists %d times after redelivery, want once", id, have[id])
				}
			}
			t.Logf("%d of %d deliveries acknowledged before the kill", len(acked), len(ids))
		})
	}
}

// buildOrdo builds the program into the test's temporary directory and
// returns the binary's path.
func buildOrdo(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ordo")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// creates returns an orders/create delivery for each of n generated
// orders, and the set of their channel order ids.
func creates(seed int64, n int) ([]loadtest.Delivery, map[string]bool) {
	g := loadtest.NewGenerator(seed, "e2e.myshopify.com")
	g.Problems = 0
	var deliveries []loadtest.Delivery
	ids := map[string]bool{}
	for range n {
		o := g.Next()
		ids[fmt.Sprint(o.ID)] = true
		deliveries = append(deliveries, loadtest.Delivery{Topic: "orders/create",
			EventID: fmt.Sprintf("create-%d-%d", seed, o.ID), Body: o.Body})
	}
	return deliveries, ids
}

// startServe starts the built binary and waits until it answers.
func startServe(t *testing.T, bin, config, url string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--config", config)
	cmd.Env = os.Environ()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return cmd
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatal("ordo serve did not become ready")
	return nil
}

// sendUntilKilled sends deliveries from 16 goroutines and kills the server
// with SIGKILL once 300 have been acknowledged. It returns the order ids
// whose deliveries were answered 2xx.
func sendUntilKilled(t *testing.T, sender *loadtest.Sender, deliveries []loadtest.Delivery,
	srv *exec.Cmd) map[string]bool {
	t.Helper()
	var mu sync.Mutex
	acked := map[string]bool{}
	var count atomic.Int64
	var killed sync.Once
	kill := func() {
		killed.Do(func() {
			srv.Process.Kill()
			srv.Wait()
		})
	}
	next := make(chan loadtest.Delivery)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for d := range next {
				status, _, err := sender.Send(context.Background(), d)
				if err != nil || status/100 != 2 {
					continue
				}
				var o struct {
					ID json.Number `json:"id"`
				}
				if err := json.Unmarshal(d.Body, &o); err != nil {
					t.Error(err)
					continue
				}
				mu.Lock()
				acked[o.ID.String()] = true
				mu.Unlock()
				if count.Add(1) == 300 {
					kill()
				}
			}
		})
	}
	for _, d := range deliveries {
		next <- d
	}
	close(next)
	wg.Wait()
	kill()
	return acked
}

// listOrderIDs returns how often each channel order id is among the
// orders the API lists.
func listOrderIDs(t *testing.T, url, token string) map[string]int {
	t.Helper()
	have := map[string]int{}
	cursor := ""
	for {
		req, _ := http.NewRequest("GET", url+"/api/v1/orders?limit=1000&cursor="+cursor, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Orders []store.OrderRecord `json:"orders"`
			Next   string              `json:"next_cursor"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range page.Orders {
			have[o.OrderID]++
		}
		if page.Next == "" {
			return have
		}
		cursor = page.Next
	}
}

// freeAddr returns a loopback address with a port that is free now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
