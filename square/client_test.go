package square_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/square"
	"github.com/ordo-oms/ordo/square/squaretest"
)

var t0 = time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)

// setup starts a fake with orders O1..On, each updated a minute after the
// one before, and a client for it with the given HTTP timeout.
func setup(t *testing.T, n int, timeout time.Duration) (*squaretest.Server, *square.Client) {
	t.Helper()
	srv := squaretest.New("secret-token")
	t.Cleanup(srv.Close)
	for i := range n {
		srv.AddOrder(squaretest.NewOrder(fmt.Sprintf("O%d", i+1), []squaretest.Item{
			{SKU: "VAR-A", Quantity: 1, UnitPrice: 1000}}, t0.Add(time.Duration(i)*time.Minute)))
	}
	c, err := square.New(square.Options{ChannelID: "sq", BaseURL: srv.URL(),
		AccessToken: "secret-token", LocationIDs: []string{squaretest.LocationID},
		HTTP: &http.Client{Timeout: timeout}})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func TestNewValidates(t *testing.T) {
	tests := map[string]square.Options{
		"ChannelID":   {AccessToken: "t"},
		"AccessToken": {ChannelID: "sq"},
		"LocationIDs": {ChannelID: "sq", AccessToken: "t", LocationIDs: make([]string, 11)},
		"BaseURL":     {ChannelID: "sq", AccessToken: "t", BaseURL: "connect"},
	}
	for field, o := range tests {
		_, err := square.New(o)
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("New with bad %s = %v, want an error naming it", field, err)
		}
	}
}

func TestFetch(t *testing.T) {
	srv, c := setup(t, 1, 5*time.Second)
	r, err := c.Fetch(context.Background(), "O1")
	if err != nil {
		t.Fatal(err)
	}
	if r.Order.OrderID != "O1" || r.Order.ChannelID != "sq" || ordertest.Reconcile(r.Order) != 0 {
		t.Errorf("Fetch = %+v", r.Order)
	}
	if n := srv.Requests(squaretest.RetrieveOrder); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

func TestFetchErrors(t *testing.T) {
	srv, c := setup(t, 1, 5*time.Second)
	ctx := context.Background()

	_, err := c.Fetch(ctx, "NOPE")
	if !errors.Is(err, channel.ErrNotFound) || !channel.IsPermanent(err) ||
		!strings.Contains(err.Error(), "Could not find order") {
		t.Errorf("unknown order: %v, want ErrNotFound with Square's detail", err)
	}

	bad, err := square.New(square.Options{ChannelID: "sq", BaseURL: srv.URL(),
		AccessToken: "wrong"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.Fetch(ctx, "O1")
	var p *channel.PermanentError
	if !errors.As(err, &p) || p.Status != 401 || !strings.Contains(p.Detail, "UNAUTHORIZED") {
		t.Errorf("bad token: %v, want a permanent 401 with Square's code", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("the error shows the token: %v", err)
	}

	srv.Inject("GET", "/v2/orders/O1", 1, squaretest.Fault{Kind: squaretest.ServerError})
	_, err = c.Fetch(ctx, "O1")
	if err == nil || channel.IsPermanent(err) {
		t.Errorf("5xx: %v, want a retryable error", err)
	}
	if _, err := c.Fetch(ctx, "O1"); err != nil {
		t.Errorf("after the 5xx: %v", err)
	}
}

func TestFetchWaitsOutRateLimit(t *testing.T) {
	srv, c := setup(t, 1, 5*time.Second)
	srv.Inject("GET", "/v2/orders/O1", 2, squaretest.Fault{Kind: squaretest.RateLimited,
		RetryAfter: "0"})
	if _, err := c.Fetch(context.Background(), "O1"); err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if n := srv.Requests(squaretest.RetrieveOrder); n != 3 {
		t.Errorf("requests = %d, want 3 (two 429s, then the answer)", n)
	}

	srv.Inject("GET", "/v2/orders/O1", 4, squaretest.Fault{Kind: squaretest.RateLimited,
		RetryAfter: "0"})
	_, err := c.Fetch(context.Background(), "O1")
	if err == nil || channel.IsPermanent(err) {
		t.Errorf("endless 429: %v, want a retryable error", err)
	}

	srv.Inject("GET", "/v2/orders/O1", 1, squaretest.Fault{Kind: squaretest.RateLimited,
		RetryAfter: "20"})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.Fetch(ctx, "O1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Retry-After beyond the deadline: %v, want the context's error", err)
	}
}

func TestChangedPagesOldestFirst(t *testing.T) {
	srv, c := setup(t, 230, 5*time.Second)
	since := t0.Add(10 * time.Minute)
	var seen []string
	var last time.Time
	hw, err := c.Changed(context.Background(), since, func(r channel.Report) error {
		if r.Order.UpdatedAt.Before(last) {
			t.Errorf("order %s is out of order", r.Order.OrderID)
		}
		last = r.Order.UpdatedAt
		seen = append(seen, r.Order.OrderID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 220 || seen[0] != "O11" || seen[219] != "O230" {
		t.Errorf("saw %d orders, %v ... ", len(seen), seen[:1])
	}
	if want := t0.Add(229 * time.Minute); !hw.Equal(want) {
		t.Errorf("high-water mark = %v, want %v", hw, want)
	}
	if n := srv.Requests(squaretest.SearchOrders); n != 3 {
		t.Errorf("search requests = %d, want 3 pages", n)
	}

	hw2, err := c.Changed(context.Background(), hw.Add(time.Millisecond),
		func(channel.Report) error { return nil })
	if err != nil || !hw2.Equal(hw.Add(time.Millisecond)) {
		t.Errorf("nothing new: %v, %v; want since back", hw2, err)
	}

	stop := errors.New("stop")
	if _, err := c.Changed(context.Background(), since,
		func(channel.Report) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("fn's error: %v", err)
	}
}

func shipment(key string) channel.Shipment {
	return channel.Shipment{Key: key, OrderID: "O1", Carrier: "ups",
		TrackingNumber: "1Z999AA10123456784", TrackingURL: "https://ups.example/1Z999",
		ShippedAt: t0.Add(time.Hour), Lines: []channel.Line{{LineID: "O1-line-1", Quantity: 1}}}
}

// TestShipExactlyOnce has the update time out twice, once after Square
// applied it and once before, and calls Ship until it succeeds.
func TestShipExactlyOnce(t *testing.T) {
	srv, c := setup(t, 1, 200*time.Millisecond)
	srv.Inject("PUT", "/v2/orders/O1", 1, squaretest.Fault{Kind: squaretest.TimeoutBefore})
	srv.Inject("PUT", "/v2/orders/O1", 1, squaretest.Fault{Kind: squaretest.TimeoutAfter})
	s := shipment("ship-O1-1")
	var conf channel.Confirmation
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		if conf, err = c.Ship(context.Background(), s); err == nil {
			break
		}
		if channel.IsPermanent(err) {
			t.Fatalf("attempt %d: permanent error %v", attempt, err)
		}
	}
	if err != nil {
		t.Fatalf("Ship never succeeded: %v", err)
	}
	got := srv.Shipments("O1")
	if len(got) != 1 || got[0].TrackingNumber != s.TrackingNumber || got[0].Carrier != "UPS" ||
		got[0].ShippedAt != "2026-03-02T15:00:00Z" {
		t.Fatalf("shipments = %+v, want one with UPS %s", got, s.TrackingNumber)
	}
	if conf.Reference != "O1-shipment" || !conf.Duplicate {
		t.Errorf("confirmation = %+v, want the fulfilment, as a duplicate", conf)
	}
	o, _ := srv.Order("O1")
	if o.Fulfillments[0].State != "COMPLETED" || o.Version != 2 {
		t.Errorf("fulfilment %s, version %d", o.Fulfillments[0].State, o.Version)
	}
}

func TestShipRetriesOnVersionMismatch(t *testing.T) {
	srv, c := setup(t, 1, 5*time.Second)
	// Someone edits the order between Ship's read and its update.
	edit := &editOnce{srv: srv}
	c2, err := square.New(square.Options{ChannelID: "sq", BaseURL: srv.URL(),
		AccessToken: "secret-token", HTTP: &http.Client{Transport: edit}})
	if err != nil {
		t.Fatal(err)
	}
	conf, err := c2.Ship(context.Background(), shipment("k"))
	if err != nil || conf.Duplicate {
		t.Fatalf("Ship = %+v, %v", conf, err)
	}
	if n := srv.Requests(squaretest.UpdateOrder); n != 2 {
		t.Errorf("updates = %d, want 2 (a VERSION_MISMATCH, then the update)", n)
	}
	if got := srv.Shipments("O1"); len(got) != 1 {
		t.Errorf("shipments = %+v, want one", got)
	}
	if _, err := c.Ship(context.Background(), shipment("k")); err != nil {
		t.Errorf("Ship again: %v", err)
	}
	if got := srv.Shipments("O1"); len(got) != 1 {
		t.Errorf("after a second Ship, shipments = %+v, want one", got)
	}
}

// editOnce touches order O1 just before the first update reaches Square.
type editOnce struct {
	srv  *squaretest.Server
	done bool
}

func (e *editOnce) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPut && !e.done {
		e.done = true
		if err := e.srv.Touch("O1", t0.Add(time.Minute)); err != nil {
			return nil, err
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestShipRefusals(t *testing.T) {
	srv, c := setup(t, 1, 5*time.Second)
	if _, err := c.Ship(context.Background(), shipment("a")); err != nil {
		t.Fatal(err)
	}
	other := shipment("b")
	other.TrackingNumber = "1Z000"
	if _, err := c.Ship(context.Background(), other); !channel.IsPermanent(err) {
		t.Errorf("second parcel: %v, want a permanent error", err)
	}
	missing := shipment("c")
	missing.OrderID = "NOPE"
	if _, err := c.Ship(context.Background(), missing); !errors.Is(err, channel.ErrNotFound) {
		t.Errorf("unknown order: %v", err)
	}
	if got := srv.Shipments("O1"); len(got) != 1 {
		t.Errorf("shipments = %+v", got)
	}
}

func TestFakeReplaysIdempotencyKey(t *testing.T) {
	srv, c := setup(t, 1, 5*time.Second)
	plan, err := c.PlanShipment(shipment("k"))
	if err != nil || len(plan) != 2 || plan[1].Method != "PUT" ||
		!strings.Contains(string(plan[1].Body), `"state":"COMPLETED"`) {
		t.Fatalf("PlanShipment = %+v, %v", plan, err)
	}
	put := func(body string) int {
		req, _ := http.NewRequest("PUT", srv.URL()+"/v2/orders/O1", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer secret-token")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	update := `{"idempotency_key":"K1","order":{"location_id":"` + squaretest.LocationID +
		`","version":1,"fulfillments":[{"uid":"O1-shipment","state":"COMPLETED",` +
		`"shipment_details":{"tracking_number":"T1"}}]}}`
	if s1, s2 := put(update), put(update); s1 != 200 || s2 != 200 {
		t.Errorf("statuses = %d, %d, want 200 twice", s1, s2)
	}
	if got := srv.Shipments("O1"); len(got) != 1 {
		t.Errorf("shipments = %+v, want one", got)
	}
	if s := put(strings.Replace(update, "K1", "K2", 1)); s != 400 {
		t.Errorf("stale version: status %d, want 400 VERSION_MISMATCH", s)
	}
}
