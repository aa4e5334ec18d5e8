package api_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/pos"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

const (
	tillChannel = "till"
	tillSecret  = "till-test-secret"
)

// withTill adds a pos channel that signs with tillSecret.
func withTill(c *config.Config) {
	c.Channels = append(c.Channels, config.Channel{ID: tillChannel, Kind: "pos",
		Secret: config.Secret(tillSecret)})
}

// sale reads one of the pos package's example sales.
func sale(t testing.TB, name string) []byte {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "pos", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// posRequest is a sale signed as a till sends it at the given time.
func (e *testEnv) posRequest(t testing.TB, body []byte, at time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.URL+"/webhooks/pos", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range pos.Sign([]byte(tillSecret), body, at) {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	return req
}

func TestPOSCarryOutIsShippedFromTheStore(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := newTestServer(t, d, withTill)
			stock := `{"snapshots": [{"location": "store-ams01", "pool": "sellable",
				"taken_at": "2026-03-02T08:00:00Z", "items": [
				{"sku": "SHIRT-LIN-WH-M", "on_hand": 10}, {"sku": "SOCKS-WOOL-42", "on_hand": 4}]}]}`
			wantStatus(t, e.postStock(t, "stock-1", []byte(stock)), http.StatusOK)

			body := sale(t, "carry_out.json")
			res := wantResult(t, e.send(t, e.posRequest(t, body, time.Now())), http.StatusOK)
			if res.Outcome != ingest.Created || res.Status != order.StatusShipped {
				t.Fatalf("carry-out sale: %+v; want created and shipped", res)
			}
			again := wantResult(t, e.send(t, e.posRequest(t, body, time.Now())), http.StatusOK)
			if !again.Duplicate || again.OMSOrderID != res.OMSOrderID {
				t.Errorf("the same sale again: %+v; want a duplicate of %s", again, res.OMSOrderID)
			}
			levels, _, err := inventory.Levels(t.Context(), e.DB.Read,
				inventory.LevelFilter{Location: "store-ams01"})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int64{}
			for _, l := range levels {
				got[l.SKU] = l.OnHand
			}
			if got["SHIRT-LIN-WH-M"] != 8 || got["SOCKS-WOOL-42"] != 3 {
				t.Errorf("stock at store-ams01 after the sale: %v; want 8 shirts and 3 pairs of socks",
					got)
			}
			if n := len(eventsOfType(e.events(t, res.OMSOrderID), order.EventShipped)); n != 1 {
				t.Errorf("%d order.shipped events; want 1", n)
			}
		})
	}
}

func TestPOSShipFromStoreIsRouted(t *testing.T) {
	e := newTestServer(t, store.SQLite, withTill)
	res := wantResult(t, e.send(t, e.posRequest(t, sale(t, "ship_from_store.json"),
		time.Now())), http.StatusOK)
	if res.Outcome != ingest.Created || res.Status != order.StatusReceived {
		t.Fatalf("ship-from-store sale: %+v; want created and received", res)
	}
	rec := e.waitSettled(t, res.OMSOrderID)
	if rec.Status == order.StatusShipped {
		t.Errorf("a ship-from-store sale was shipped at once")
	}
}

func TestPOSRefusesWhatItCannotTrust(t *testing.T) {
	e := newTestServer(t, store.SQLite, withTill)
	body := sale(t, "carry_out.json")
	now := time.Now()
	for _, tc := range []struct {
		name   string
		req    func() *http.Request
		status int
		detail string
	}{
		{"six minutes old", func() *http.Request {
			return e.posRequest(t, body, now.Add(-6*time.Minute))
		}, http.StatusUnauthorized, "6m"},
		{"six minutes ahead", func() *http.Request {
			return e.posRequest(t, body, now.Add(6*time.Minute))
		}, http.StatusUnauthorized, "ahead"},
		{"forged", func() *http.Request {
			req := e.posRequest(t, body, now)
			req.Header.Set(pos.HeaderSignature, "sha256="+strings.Repeat("0", 64))
			return req
		}, http.StatusUnauthorized, "signature"},
		{"unsigned", func() *http.Request {
			req := e.posRequest(t, body, now)
			req.Header.Del(pos.HeaderSignature)
			return req
		}, http.StatusUnauthorized, "X-Ordo-Signature"},
		{"negative quantity", func() *http.Request {
			bad := bytes.Replace(body, []byte(`"quantity": 1`), []byte(`"quantity": -1`), 1)
			return e.posRequest(t, bad, now)
		}, http.StatusBadRequest, "quantity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := wantProblem(t, e.send(t, tc.req()), tc.status)
			if !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("detail %q does not mention %q", p.Detail, tc.detail)
			}
		})
	}
	if n := e.countRows(t, "orders"); n != 0 {
		t.Errorf("%d orders recorded from refused sales; want 0", n)
	}
	if n := e.countRows(t, "quarantine"); n != 1 {
		t.Errorf("%d quarantined deliveries; want 1, the unreadable sale: a forged one "+
			"is not kept", n)
	}
}
