package api_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// withRules makes a test server load testdata/rules.yaml.
func withRules(t testing.TB) func(*config.Config) {
	path, err := filepath.Abs("testdata/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return func(c *config.Config) { c.Rules = path }
}

// postSampleOrder posts testdata/order.json and returns the new order's id.
func (e *testEnv) postSampleOrder(t testing.TB) string {
	t.Helper()
	body, err := os.ReadFile("testdata/order.json")
	if err != nil {
		t.Fatal(err)
	}
	r := e.postOrder(t, "order-1", body)
	wantStatus(t, r, http.StatusCreated)
	var res struct {
		OMSOrderID string `json:"oms_order_id"`
	}
	r.decode(t, &res)
	return res.OMSOrderID
}

// stockBody is a snapshot of the two SKUs of testdata/order.json at
// dc-utrecht.
func stockBody(shirts, books int) []byte {
	return fmt.Appendf(nil, `{"snapshots": [{"location": "dc-utrecht", "pool": "sellable",
		"taken_at": "2026-03-02T08:00:00Z", "items": [
		{"sku": "SHIRT-LIN-WH-M", "on_hand": %d}, {"sku": "BOOK-KOOK-01", "on_hand": %d}]}]}`,
		shirts, books)
}

func (e *testEnv) postStock(t testing.TB, key string, body []byte) response {
	t.Helper()
	req := e.request(t, http.MethodPost, "/api/v1/inventory", body)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return e.send(t, req)
}

func TestStockArrivalRoutesAWaitingOrder(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := newTestServer(t, d, withRules(t))
			wantStatus(t, e.get(t, "/api/v1/rules"), http.StatusOK)

			id := e.postSampleOrder(t)
			e.waitUntil(t, id, "backordered", func(rec store.OrderRecord) bool {
				return rec.Status == order.StatusBackordered
			})

			wantStatus(t, e.postStock(t, "count-1", stockBody(5, 5)), http.StatusOK)
			e.waitUntil(t, id, "allocated", func(rec store.OrderRecord) bool {
				return rec.Status == order.StatusAllocated
			})

			var rt struct {
				Decisions []struct {
					Outcome     string `json:"outcome"`
					Explanation string `json:"explanation"`
				} `json:"decisions"`
				FulfilmentOrders []struct {
					Location string `json:"location"`
				} `json:"fulfilment_orders"`
			}
			e.get(t, "/api/v1/orders/"+id+"/routing").decode(t, &rt)
			if len(rt.Decisions) != 2 || rt.Decisions[1].Outcome != "allocated" ||
				!strings.Contains(rt.Decisions[1].Explanation, "dc-utrecht") ||
				len(rt.FulfilmentOrders) != 1 || rt.FulfilmentOrders[0].Location != "dc-utrecht" {
				t.Errorf("routing = %+v; want a backorder, then an allocation to dc-utrecht", rt)
			}

			var levels struct {
				Levels []struct {
					Reserved  int64 `json:"reserved"`
					Available int64 `json:"available"`
				} `json:"levels"`
			}
			e.get(t, "/api/v1/inventory?sku=SHIRT-LIN-WH-M").decode(t, &levels)
			if len(levels.Levels) != 1 || levels.Levels[0].Reserved != 2 ||
				levels.Levels[0].Available != 3 {
				t.Errorf("levels = %+v; want 2 reserved and 3 available", levels)
			}
		})
	}
}

func TestPostInventoryIsIdempotent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		first := e.postStock(t, "count-1", stockBody(5, 5))
		wantStatus(t, first, http.StatusOK)
		again := e.postStock(t, "count-1", stockBody(5, 5))
		wantStatus(t, again, http.StatusOK)
		if again.Header.Get("Idempotent-Replayed") != "true" ||
			string(again.Body) != string(first.Body) {
			t.Errorf("replay answered %s (replayed %q); want the first answer %s",
				again.Body, again.Header.Get("Idempotent-Replayed"), first.Body)
		}
		p := wantProblem(t, e.postStock(t, "count-1", stockBody(6, 5)), http.StatusConflict)
		if !strings.Contains(p.Detail, "already used for a different body") {
			t.Errorf("detail %q does not say the key was used for another body", p.Detail)
		}
	})
}

func TestPostInventoryRefusesBadInput(t *testing.T) {
	e := newTestServer(t, storetest.Dialects[0])
	tests := []struct {
		name, key, body string
		want            string
	}{
		{"no key", "", `{"deltas": []}`, "Idempotency-Key"},
		{"not JSON", "k1", `{"snapshots": [`, "not a stock update"},
		{"unknown field", "k2", `{"snapshot": []}`, "unknown field"},
		{"empty", "k3", `{}`, "no snapshot and no delta"},
		{"negative count", "k4", `{"snapshots": [{"location": "dc-utrecht",
			"pool": "sellable", "taken_at": "2026-03-02T08:00:00Z",
			"items": [{"sku": "A", "on_hand": -1}]}]}`, "snapshots[0]"},
		{"zero delta", "k5", `{"deltas": [{"id": "d1", "location": "dc-utrecht",
			"sku": "A", "pool": "sellable", "change": 0, "at": "2026-03-02T08:00:00Z"}]}`,
			"deltas[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := wantProblem(t, e.postStock(t, tt.key, []byte(tt.body)), http.StatusBadRequest)
			if !strings.Contains(p.Title+" "+p.Detail, tt.want) {
				t.Errorf("problem %+v does not say %q", p, tt.want)
			}
		})
	}
	if n := e.countRows(t, "stock_levels"); n != 0 {
		t.Errorf("%d stock levels after refused updates; want 0", n)
	}
}

func TestRulesWithoutARuleSet(t *testing.T) {
	e := newTestServer(t, storetest.Dialects[0])
	p := wantProblem(t, e.get(t, "/api/v1/rules"), http.StatusNotFound)
	if !strings.Contains(p.Detail, "no rule set is loaded") {
		t.Errorf("detail %q does not say no rule set is loaded", p.Detail)
	}
}
