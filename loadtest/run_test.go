package loadtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/shopify"
)

const (
	testSecret = "shpss_test"
	testToken  = "ordo_test_token"
	testShop   = "example-nl.myshopify.com"
)

// fakeOrdo is the part of Ordo a load test touches: it verifies and
// de-duplicates Shopify webhooks by event ID and lists the orders, a page
// of at most pageLimit at a time.
type fakeOrdo struct {
	failEvery   int  // answer every failEvery-th webhook 503, recording nothing
	recordTwice bool // record a duplicate orders/create as a new order, a bug
	pageLimit   int

	mu       sync.Mutex
	webhooks int
	events   map[string]bool
	orders   []fakeOrder
	byID     map[string]int
}

type fakeOrder struct {
	id, status string
	received   time.Time
}

func newFakeOrdo() *fakeOrdo {
	f := &fakeOrdo{pageLimit: 70, events: map[string]bool{}, byID: map[string]int{}}
	// Orders of other runs and channels, which the count must leave out.
	later := time.Now().Add(time.Hour)
	for _, id := range []string{"820982911946154508", "gid://shopify/Order/42", "bol-123"} {
		f.orders = append(f.orders, fakeOrder{id: id, status: "shipped", received: later})
	}
	return f
}

func (f *fakeOrdo) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/webhooks/shopify":
		f.webhook(w, r)
	case r.Method == http.MethodGet && r.URL.Path == "/api/v1/orders":
		f.list(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeOrdo) webhook(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h := r.Header
	sig := []byte(shopify.Sign([]byte(testSecret), body))
	if !hmac.Equal(sig, []byte(h.Get("X-Shopify-Hmac-Sha256"))) ||
		h.Get("X-Shopify-Shop-Domain") != testShop || h.Get("X-Shopify-Event-Id") == "" ||
		h.Get("X-Shopify-Webhook-Id") == "" || h.Get("X-Shopify-Api-Version") != APIVersion {
		http.Error(w, "bad signature or headers", http.StatusUnauthorized)
		return
	}
	var o struct {
		ID        json.Number `json:"id"`
		Currency  string      `json:"currency"`
		LineItems []struct {
			Quantity int `json:"quantity"`
		} `json:"line_items"`
	}
	if err := json.Unmarshal(body, &o); err != nil || o.ID == "" {
		http.Error(w, "not an order", http.StatusBadRequest)
		return
	}
	status := "received"
	if o.Currency == "XYZ" || len(o.LineItems) == 0 || o.LineItems[0].Quantity < 1 {
		status = "on_hold"
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	f.webhooks++
	if f.failEvery > 0 && f.webhooks%f.failEvery == 0 {
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	event := h.Get("X-Shopify-Event-Id")
	twice := f.recordTwice && h.Get("X-Shopify-Topic") == TopicOrdersCreate
	if f.events[event] && !twice {
		w.WriteHeader(http.StatusOK)
		return
	}
	f.events[event] = true
	if _, ok := f.byID[o.ID.String()]; !ok || twice {
		f.byID[o.ID.String()] = len(f.orders)
		f.orders = append(f.orders, fakeOrder{id: o.ID.String(), status: status,
			received: time.Now()})
	}
	w.WriteHeader(http.StatusAccepted)
}

func (f *fakeOrdo) list(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+testToken {
		http.Error(w, "no such token", http.StatusUnauthorized)
		return
	}
	q := r.URL.Query()
	after, err := time.Parse(time.RFC3339Nano, q.Get("received_after"))
	limit, lerr := strconv.Atoi(q.Get("limit"))
	offset := 0
	if c := q.Get("cursor"); c != "" {
		offset, _ = strconv.Atoi(c)
	}
	if err != nil || lerr != nil || limit < 1 {
		http.Error(w, "bad query", http.StatusBadRequest)
		return
	}
	limit = min(limit, f.pageLimit)

	f.mu.Lock()
	var matching []fakeOrder
	for _, o := range f.orders {
		if o.received.After(after) {
			matching = append(matching, o)
		}
	}
	f.mu.Unlock()
	type row struct {
		OMSOrderID string `json:"oms_order_id"`
		ChannelID  string `json:"channel_id"`
		OrderID    string `json:"order_id"`
		Status     string `json:"status"`
	}
	page := struct {
		Orders     []row  `json:"orders"`
		NextCursor string `json:"next_cursor"`
	}{Orders: []row{}}
	for i := offset; i < len(matching) && i < offset+limit; i++ {
		o := matching[i]
		page.Orders = append(page.Orders, row{"oms-" + strconv.Itoa(i), "shop-nl", o.id, o.status})
	}
	if offset+limit < len(matching) {
		page.NextCursor = strconv.Itoa(offset + limit)
	}
	json.NewEncoder(w).Encode(page)
}

func startOrdo(t testing.TB, f *fakeOrdo) string {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv.URL
}

func testConfig(url string, orders int) Config {
	return Config{URL: url, Secret: []byte(testSecret), ShopDomain: testShop,
		Token: testToken, Orders: orders, Concurrency: 8, Duplicates: 0.2, Seed: 1}
}

func TestRun(t *testing.T) {
	t.Parallel()
	f := newFakeOrdo()
	cfg := testConfig(startOrdo(t, f), 150)
	var progress bytes.Buffer
	cfg.Out = &progress
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.Write(&b)
	if !rep.OK() || rep.Distinct != 150 || rep.Rows != 150 || rep.Duplicates != 30 ||
		rep.Sent != rep.Deliveries || rep.Accepted != rep.Deliveries ||
		rep.Latency.Samples != rep.Deliveries || rep.AcceptedPerSecond <= 0 {
		t.Errorf("report:\n%s", b.String())
	}
	if rep.OrderStatuses["on_hold"] == 0 || rep.Statuses[200] == 0 || rep.Statuses[202] == 0 {
		t.Errorf("want some orders on hold and some duplicates answered 200:\n%s", b.String())
	}
	if !strings.Contains(progress.String(), "counting the orders") {
		t.Errorf("progress: %q", progress.String())
	}

	t.Run("a second run makes new orders", func(t *testing.T) {
		rep, err := Run(context.Background(), cfg)
		if err != nil || !rep.OK() || rep.Distinct != 150 {
			t.Errorf("second run: %v, %+v", err, rep)
		}
	})
}

func TestRunReportsFailures(t *testing.T) {
	t.Parallel()
	t.Run("not 2xx", func(t *testing.T) {
		f := newFakeOrdo()
		f.failEvery = 7
		rep, err := Run(context.Background(), testConfig(startOrdo(t, f), 100))
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() || rep.Statuses[503] != rep.Deliveries/7 {
			t.Errorf("OK = %v, statuses %v, want %d times 503",
				rep.OK(), rep.Statuses, rep.Deliveries/7)
		}
	})
	t.Run("an order recorded twice", func(t *testing.T) {
		f := newFakeOrdo()
		f.recordTwice = true
		rep, err := Run(context.Background(), testConfig(startOrdo(t, f), 100))
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() || rep.Distinct != 100 || rep.Rows <= 100 {
			t.Errorf("OK = %v, %d distinct in %d rows", rep.OK(), rep.Distinct, rep.Rows)
		}
	})
	t.Run("no Ordo", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		rep, err := Run(context.Background(), testConfig(srv.URL, 10))
		if err == nil || rep == nil || rep.Errors != rep.Deliveries || rep.OK() {
			t.Errorf("Run = %+v, %v; want transport errors and a failed count", rep, err)
		}
	})
	t.Run("no token", func(t *testing.T) {
		cfg := testConfig(startOrdo(t, newFakeOrdo()), 10)
		cfg.Token = ""
		rep, err := Run(context.Background(), cfg)
		if err != nil || rep.Verified || rep.OK() || rep.Accepted != rep.Deliveries {
			t.Errorf("Run = %+v, %v; want accepted, not verified", rep, err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		rep, err := Run(ctx, testConfig(startOrdo(t, newFakeOrdo()), 50))
		if err == nil || rep.OK() || rep.Sent == rep.Deliveries {
			t.Errorf("Run = %+v, %v; want the run cut short", rep, err)
		}
	})
}

func TestConfigValidate(t *testing.T) {
	_, err := Run(context.Background(), Config{Orders: -1, Duplicates: 2})
	if err == nil {
		t.Fatal("Run with an empty Config succeeded")
	}
	for _, field := range []string{"URL", "Secret", "ShopDomain", "Orders", "Duplicates"} {
		if !strings.Contains(err.Error(), field+" is") {
			t.Errorf("error does not name %s: %v", field, err)
		}
	}
}
