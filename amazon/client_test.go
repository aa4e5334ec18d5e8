package amazon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/amazon/amazontest"
	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order/ordertest"
)

// addOrders adds n orders updated a minute apart, oldest first, each with
// two items.
func addOrders(f *amazontest.Server, n int, from time.Time) []string {
	var ids []string
	for i := range n {
		id := fmt.Sprintf("403-%07d-%07d", i+1, i+1)
		at := from.Add(time.Duration(i) * time.Minute)
		f.AddOrder(amazontest.NewOrder(id, []amazontest.Line{
			{SKU: "MUG-RED", Quantity: 2, UnitPrice: 1299},
			{SKU: "TEA-GREEN", Quantity: 1, UnitPrice: 495}}, at))
		ids = append(ids, id)
	}
	return ids
}

func TestNewValidates(t *testing.T) {
	full := Options{ChannelID: "a", ClientID: "b", ClientSecret: "c", RefreshToken: "d",
		MarketplaceIDs: []string{"A1805IZSGTT6HS"}}
	tests := []struct {
		name string
		edit func(*Options)
		want string
	}{
		{"no channel", func(o *Options) { o.ChannelID = "" }, "ChannelID"},
		{"no secret", func(o *Options) { o.ClientSecret = " " }, "ClientSecret"},
		{"no marketplace", func(o *Options) { o.MarketplaceIDs = nil }, "MarketplaceIDs"},
		{"bad endpoint", func(o *Options) { o.Endpoint = "sellingpartnerapi-eu" }, "Endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := full
			tt.edit(&o)
			if _, err := New(o); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New = %v, want an error naming %s", err, tt.want)
			}
		})
	}
	if _, err := New(full); err != nil {
		t.Errorf("New with every option: %v", err)
	}
}

func TestFetch(t *testing.T) {
	f := newFake(t, amazontest.Config{PageSize: 1})
	ids := addOrders(f, 1, testNow.Add(-time.Hour))
	c := newClient(t, f, 0)
	rep, err := c.Fetch(context.Background(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Order
	if len(o.Lines) != 2 || o.Lines[1].SKU != "TEA-GREEN" || o.Lines[0].UnitPrice != 1299 {
		t.Errorf("lines = %+v, want both items, paged one per page", o.Lines)
	}
	if d := ordertest.Reconcile(o); d != 0 || o.Totals.Total != 3093 || !o.TaxesIncluded {
		t.Errorf("totals %+v (included %v) off by %d", o.Totals, o.TaxesIncluded, d)
	}
	if o.Customer.Shipping.City != "Amsterdam" || o.Delivery.Country != "NL" {
		t.Errorf("customer %+v, delivery %+v", o.Customer, o.Delivery)
	}
	if got := f.Requests(amazontest.OpGetOrderItems); got != 2 {
		t.Errorf("getOrderItems called %d times, want 2 pages", got)
	}
}

func TestFetchWithheldPII(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	ids := addOrders(f, 1, testNow.Add(-time.Hour))
	f.SetWithholdPII(true)
	rep, err := newClient(t, f, 0).Fetch(context.Background(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Order.Customer
	if !c.Shipping.IsZero() || c.Email != "" || c.Withheld != withheldRestricted {
		t.Errorf("customer = %+v, want no address and the withheld reason", c)
	}
	if rep.Order.Delivery.Country != "NL" || !codes(rep.Order)["address_withheld"] {
		t.Errorf("delivery %+v, reasons %v", rep.Order.Delivery, codes(rep.Order))
	}
}

func TestFetchErrors(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	ids := addOrders(f, 1, testNow.Add(-time.Hour))
	c := newClient(t, f, 0)
	ctx := context.Background()

	_, err := c.Fetch(ctx, "999-0000000-0000000")
	if !errors.Is(err, channel.ErrNotFound) || !strings.Contains(err.Error(), "NotFound") {
		t.Errorf("unknown order: %v, want ErrNotFound with Amazon's text", err)
	}

	f.Inject(amazontest.OpGetOrder, 1, amazontest.Fault{Kind: amazontest.ServerError})
	_, err = c.Fetch(ctx, ids[0])
	if err == nil || channel.IsPermanent(err) || !strings.Contains(err.Error(), "InternalFailure") {
		t.Errorf("5xx: %v, want a retryable error with Amazon's text", err)
	}
	if _, err := c.Fetch(ctx, ids[0]); err != nil {
		t.Errorf("after the 5xx: %v", err)
	}
}

func TestLoginRefusedIsPermanent(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	c, err := New(Options{ChannelID: "amazon-nl", Endpoint: f.URL, TokenURL: f.TokenURL,
		ClientID: f.ClientID, ClientSecret: f.ClientSecret, RefreshToken: "Atzr|revoked",
		MarketplaceIDs: []string{"A1805IZSGTT6HS"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Fetch(context.Background(), "1")
	var perm *channel.PermanentError
	if !errors.As(err, &perm) || !strings.Contains(perm.Detail, "invalid_grant") {
		t.Fatalf("Fetch with a revoked refresh token: %v, want a PermanentError", err)
	}
	if strings.Contains(err.Error(), "revoked") || strings.Contains(err.Error(), f.ClientSecret) {
		t.Errorf("error %q shows a secret", err)
	}
}

func TestTokenCachedAndRenewed(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	ids := addOrders(f, 1, testNow.Add(-time.Hour))
	c := newClient(t, f, 0)
	ctx := context.Background()
	for range 3 {
		if _, err := c.Fetch(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.Requests(amazontest.OpToken); got != 1 {
		t.Errorf("logged in %d times for three fetches, want 1", got)
	}
	f.ExpireTokens()
	if _, err := c.Fetch(ctx, ids[0]); err != nil {
		t.Fatalf("Fetch after the token expired: %v", err)
	}
	if got := f.Requests(amazontest.OpToken); got != 2 {
		t.Errorf("logged in %d times, want once more after the expiry", got)
	}
}

func TestTokenRenewedBeforeExpiry(t *testing.T) {
	now := testNow
	f := newFake(t, amazontest.Config{Now: func() time.Time { return now }})
	ids := addOrders(f, 1, testNow.Add(-time.Hour))
	c := newClient(t, f, 0)
	c.tokens.now = func() time.Time { return now }
	ctx := context.Background()
	if _, err := c.Fetch(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Hour - 30*time.Second)
	if _, err := c.Fetch(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if got := f.Requests(amazontest.OpToken); got != 2 {
		t.Errorf("logged in %d times, want a new token within a minute of expiry", got)
	}
}

func TestTooManyRequestsHonoursRetryAfter(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	ids := addOrders(f, 1, testNow.Add(-time.Hour))
	c := newClient(t, f, 0)
	f.Inject(amazontest.OpGetOrder, 1, amazontest.Fault{Kind: amazontest.TooManyRequests,
		RetryAfter: time.Second})
	start := time.Now()
	if _, err := c.Fetch(context.Background(), ids[0]); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("retried after %v, before Retry-After's second", waited)
	}
	if got := f.Requests(amazontest.OpGetOrder); got != 2 {
		t.Errorf("getOrder called %d times, want 2", got)
	}

	f.Inject(amazontest.OpGetOrder, maxAttempts, amazontest.Fault{
		Kind: amazontest.TooManyRequests})
	_, err := c.Fetch(context.Background(), ids[0])
	if err == nil || channel.IsPermanent(err) || !strings.Contains(err.Error(), "QuotaExceeded") {
		t.Errorf("after %d answers of 429: %v, want a retryable error", maxAttempts, err)
	}
}

func TestRateLimitFromFake(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	ids := addOrders(f, 1, testNow.Add(-time.Hour))
	f.SetRateLimit(amazontest.OpGetOrder, 1000, 1)
	c := newClient(t, f, 0)
	for range 3 {
		if _, err := c.Fetch(context.Background(), ids[0]); err != nil {
			t.Fatal(err)
		}
	}
	b := c.limits[opGetOrder]
	b.mu.Lock()
	rate := b.rate
	b.mu.Unlock()
	if rate != 1000 {
		t.Errorf("getOrder rate = %v, want the 1000 of x-amzn-RateLimit-Limit", rate)
	}
	if b := c.limits[opGetOrders]; b.rate != 0.0167 || b.burst != 20 {
		t.Errorf("getOrders starts at %v/%v, want the documented 0.0167/20", b.rate, b.burst)
	}
}

func TestChanged(t *testing.T) {
	f := newFake(t, amazontest.Config{PageSize: 2})
	ids := addOrders(f, 5, testNow.Add(-time.Hour))
	// A change within the last two minutes is not asked for yet.
	f.AddOrder(amazontest.NewOrder("403-9999999-9999999", []amazontest.Line{
		{SKU: "MUG-RED", Quantity: 1, UnitPrice: 1299}}, testNow.Add(-time.Minute)))
	c := newClient(t, f, 0)
	var got []string
	since := testNow.Add(-2 * time.Hour)
	mark, err := c.Changed(context.Background(), since, func(r channel.Report) error {
		got = append(got, r.Order.OrderID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != strings.Join(ids, ",") {
		t.Errorf("Changed saw %v, want %v oldest first", got, ids)
	}
	if want := testNow.Add(-time.Hour + 4*time.Minute); !mark.Equal(want) {
		t.Errorf("high-water mark %v, want %v", mark, want)
	}
	if n := f.Requests(amazontest.OpGetOrders); n != 3 {
		t.Errorf("getOrders called %d times, want 3 pages", n)
	}

	stop := errors.New("stop")
	_, err = c.Changed(context.Background(), since, func(channel.Report) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("Changed = %v, want fn's error", err)
	}
}

func TestChangedWithinTwoMinutesAsksNothing(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	c := newClient(t, f, 0)
	since := testNow.Add(-time.Minute)
	mark, err := c.Changed(context.Background(), since, func(channel.Report) error {
		t.Error("fn called")
		return nil
	})
	if err != nil || !mark.Equal(since) || f.Requests(amazontest.OpGetOrders) != 0 {
		t.Errorf("Changed = %v, %v after %d calls; want since and no call", mark, err,
			f.Requests(amazontest.OpGetOrders))
	}
}

func TestFakeEnforcesTwoMinuteRule(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	c := newClient(t, f, 0)
	q := map[string][]string{"MarketplaceIds": {"A1805IZSGTT6HS"},
		"LastUpdatedAfter": {testNow.Add(-time.Minute).Format(time.RFC3339)}}
	err := c.call(context.Background(), opGetOrders, http.MethodGet, "/orders/v0/orders",
		q, nil, nil)
	var perm *channel.PermanentError
	if !errors.As(err, &perm) || perm.Status != 400 || !strings.Contains(perm.Detail, "2 minutes") {
		t.Errorf("LastUpdatedAfter a minute ago: %v, want Amazon's 400", err)
	}
}

// TestChangedReadsGetOrdersFixture replays Amazon's getOrders example,
// whose one order has a NextToken to a page that is empty here.
func TestChangedReadsGetOrdersFixture(t *testing.T) {
	list := ordertest.ReadFile(t, filepath.Join(fixtureDir(t), "ordersV0_getOrders_example.json"))
	f := newFake(t, amazontest.Config{})
	var tokens []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasSuffix(r.URL.Path, "/orderItems"):
			fmt.Fprint(w, `{"payload": {"AmazonOrderId": "902-3159896-1390916", "OrderItems": []}}`)
		case r.URL.Query().Get("NextToken") != "":
			tokens = append(tokens, r.URL.Query().Get("NextToken"))
			fmt.Fprint(w, `{"payload": {"Orders": []}}`)
		default:
			_, _ = w.Write(list)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := New(Options{ChannelID: "amazon-us", Endpoint: srv.URL, TokenURL: f.TokenURL,
		ClientID: f.ClientID, ClientSecret: f.ClientSecret, RefreshToken: f.RefreshToken,
		MarketplaceIDs: []string{"ATVPDKIKX0DER"}, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	var got []channel.Report
	mark, err := c.Changed(context.Background(), time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC),
		func(r channel.Report) error { got = append(got, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Order.OrderID != "902-3159896-1390916" ||
		len(tokens) != 1 || tokens[0] != "2YgYW55IGNhcm5hbCBwbGVhc3VyZS4" {
		t.Fatalf("got %d reports, next tokens %v", len(got), tokens)
	}
	if want := time.Date(2017, 1, 20, 19, 49, 35, 0, time.UTC); !mark.Equal(want) {
		t.Errorf("mark %v, want the order's LastUpdateDate %v", mark, want)
	}
	o := got[0].Order
	t.Logf("mapped %s: %s, %s, held for %v", o.OrderID, o.Payment, o.Customer.Shipping.City,
		codes(o))
}
