package shopify

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/shopify/shopifytest"
)

func TestNewAdminNamesTheBadOption(t *testing.T) {
	tests := []struct {
		name  string
		opts  AdminOptions
		field string
	}{
		{"no channel", AdminOptions{AccessToken: "x", ShopDomain: "a.myshopify.com"}, "ChannelID"},
		{"no token", AdminOptions{ChannelID: "c", ShopDomain: "a.myshopify.com"}, "AccessToken"},
		{"no domain", AdminOptions{ChannelID: "c", AccessToken: "x"}, "ShopDomain"},
		{"domain with scheme", AdminOptions{ChannelID: "c", AccessToken: "x",
			ShopDomain: "https://a.myshopify.com"}, "ShopDomain"},
		{"base URL with path", AdminOptions{ChannelID: "c", AccessToken: "x",
			BaseURL: "http://127.0.0.1:9/admin/api/2026-10"}, "BaseURL"},
		{"base URL not http", AdminOptions{ChannelID: "c", AccessToken: "x",
			BaseURL: "ftp://127.0.0.1"}, "BaseURL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewAdmin(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("NewAdmin: got %v, want an error naming %s", err, tt.field)
			}
		})
	}
	if _, err := NewAdmin(AdminOptions{ChannelID: "c", AccessToken: "x",
		ShopDomain: "a.myshopify.com"}); err != nil {
		t.Fatalf("NewAdmin with a shop domain: %v", err)
	}
}

func TestFetchMapsTheOrder(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))

	r, err := a.Fetch(context.Background(), "1001")
	if err != nil {
		t.Fatal(err)
	}
	o := r.Order
	if o.ChannelID != "shop-nl" || o.OrderID != "1001" || o.Currency != "EUR" {
		t.Errorf("got channel %q order %q currency %q", o.ChannelID, o.OrderID, o.Currency)
	}
	if len(o.Lines) != 2 || o.Lines[0].LineID != "1001001" || o.Lines[0].SKU != "MUG-01" ||
		o.Lines[0].Quantity != 2 || o.Lines[0].UnitPrice != 1295 {
		t.Errorf("lines: %+v", o.Lines)
	}
	if d := ordertest.Reconcile(o); d != 0 {
		t.Errorf("totals are %d off: %+v", d, o.Totals)
	}
	if !o.UpdatedAt.Equal(t0) || o.Payment != order.PaymentPaid || r.Cancelled != nil {
		t.Errorf("updated %v payment %q cancelled %v", o.UpdatedAt, o.Payment, r.Cancelled)
	}
	if o.Delivery.Carrier != order.CarrierPostNL || o.Delivery.Country != "NL" {
		t.Errorf("delivery: %+v", o.Delivery)
	}
}

func TestFetchReportsTheCancellation(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(fixtureDir(t), "orders_cancelled.json"))
	if err != nil {
		t.Fatal(err)
	}
	shop, a := newShop(t, shopifytest.Options{})
	if err := shop.AddOrderJSON(body); err != nil {
		t.Fatal(err)
	}
	r, err := a.Fetch(context.Background(), "820982911946154508")
	if err != nil {
		t.Fatal(err)
	}
	if r.Cancelled == nil || r.Cancelled.Reason != "customer" || r.Cancelled.At.IsZero() {
		t.Fatalf("cancelled: %+v", r.Cancelled)
	}
	if d := ordertest.Reconcile(r.Order); d != 0 {
		t.Errorf("totals are %d off", d)
	}
}

func TestFetchErrors(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	ctx := context.Background()

	t.Run("unknown order is not found", func(t *testing.T) {
		_, err := a.Fetch(ctx, "999")
		if !errors.Is(err, channel.ErrNotFound) || !channel.IsPermanent(err) {
			t.Fatalf("got %v, want ErrNotFound and permanent", err)
		}
	})
	t.Run("id that is not Shopify's", func(t *testing.T) {
		_, err := a.Fetch(ctx, "../shop")
		if !channel.IsPermanent(err) {
			t.Fatalf("got %v, want a permanent error", err)
		}
	})
	t.Run("bad token is permanent with Shopify's words", func(t *testing.T) {
		bad, err := NewAdmin(AdminOptions{ChannelID: "shop-nl", AccessToken: "shpat_not_this_one",
			BaseURL: shop.URL()})
		if err != nil {
			t.Fatal(err)
		}
		_, err = bad.Fetch(ctx, "1001")
		var p *channel.PermanentError
		if !errors.As(err, &p) || p.Status != 401 || p.Channel != "shop-nl" ||
			!strings.Contains(p.Detail, "Invalid API key or access token") {
			t.Fatalf("got %v, want a 401 PermanentError with Shopify's text", err)
		}
		if strings.Contains(err.Error(), "shpat_not_this_one") {
			t.Fatalf("the error shows the token: %v", err)
		}
	})
	t.Run("5xx is retryable", func(t *testing.T) {
		shop.Fail("GET", "/orders/1001.json", 1, shopifytest.ServerError)
		_, err := a.Fetch(ctx, "1001")
		if err == nil || channel.IsPermanent(err) {
			t.Fatalf("got %v, want a retryable error", err)
		}
	})
	t.Run("timeout is retryable", func(t *testing.T) {
		shop.Fail("GET", "/orders/1001.json", 1, shopifytest.TimeoutBefore)
		_, err := a.Fetch(ctx, "1001")
		if err == nil || channel.IsPermanent(err) {
			t.Fatalf("got %v, want a retryable error", err)
		}
	})
}

func TestTooManyRequestsIsWaitedOut(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	ctx := context.Background()

	shop.Fail("GET", "/orders/1001.json", 2, shopifytest.RateLimit)
	if _, err := a.Fetch(ctx, "1001"); err != nil {
		t.Fatalf("Fetch after two 429s: %v", err)
	}
	if n := shop.Requests("GET", "/orders/{id}.json"); n != 3 {
		t.Errorf("sent %d requests, want 3", n)
	}

	shop.Fail("GET", "/orders/1001.json", maxAttempts, shopifytest.RateLimit)
	_, err := a.Fetch(ctx, "1001")
	if err == nil || channel.IsPermanent(err) || !strings.Contains(err.Error(), "429") {
		t.Fatalf("got %v, want a retryable 429 error", err)
	}
	if n := shop.Requests("GET", "/orders/{id}.json"); n != 3+maxAttempts {
		t.Errorf("sent %d requests, want %d", n, 3+maxAttempts)
	}
}

func TestTooManyRequestsRespectsTheContext(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{RetryAfter: "5.0"})
	mustAdd(t, shop, mugAndBook(1001))
	shop.Fail("GET", "/orders/1001.json", 1, shopifytest.RateLimit)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := a.Fetch(ctx, "1001"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's deadline", err)
	}
}

func TestTheBucketIsRespected(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{BucketSize: 3, LeakRate: 20})
	mustAdd(t, shop, mugAndBook(1001))
	for i := range 10 {
		if _, err := a.Fetch(context.Background(), "1001"); err != nil {
			t.Fatalf("fetch %d: %v", i, err)
		}
	}
	if used, size := a.CallLimit(); size != 3 || used < 1 || used > 3 {
		t.Errorf("call limit %d/%d, want n/3", used, size)
	}
}

func TestChangedPagesThroughEveryChangedOrder(t *testing.T) {
	shop, _ := newShop(t, shopifytest.Options{})
	// Pages of 250 whole orders take a while to write under the race
	// detector.
	a := newClient(t, shop, 10*time.Second)
	since := t0
	// 520 orders changed since, in an order that is not their ids', and 5
	// changed before.
	for i := range int64(525) {
		o := mugAndBook(2000 + i)
		o.UpdatedAt = since.Add(time.Duration((i*37)%525-5) * time.Minute)
		mustAdd(t, shop, o)
	}
	var seen []time.Time
	ids := map[string]bool{}
	mark, err := a.Changed(context.Background(), since, func(r channel.Report) error {
		seen = append(seen, r.Order.UpdatedAt)
		ids[r.Order.OrderID] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 520 || len(ids) != 520 {
		t.Fatalf("saw %d reports of %d orders, want 520", len(seen), len(ids))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].Before(seen[i-1]) {
			t.Fatalf("report %d (%v) is older than the one before (%v)", i, seen[i], seen[i-1])
		}
	}
	if want := since.Add(519 * time.Minute); !mark.Equal(want) {
		t.Errorf("high-water mark %v, want %v", mark, want)
	}
	if n := shop.Requests("GET", "/orders.json"); n != 3 {
		t.Errorf("%d pages asked, want 3", n)
	}
}

func TestChangedWithNothingNewKeepsSince(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	since := t0.Add(time.Hour)
	mark, err := a.Changed(context.Background(), since, func(channel.Report) error {
		t.Fatal("fn called for an order changed before since")
		return nil
	})
	if err != nil || !mark.Equal(since) {
		t.Fatalf("got %v, %v; want since and no error", mark, err)
	}
}

func TestChangedStopsAtFnsError(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	mustAdd(t, shop, mugAndBook(1002))
	stop := errors.New("stop")
	calls := 0
	_, err := a.Changed(context.Background(), t0, func(channel.Report) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("got %v after %d calls, want stop after 1", err, calls)
	}
}

func TestNextPageInfo(t *testing.T) {
	tests := []struct {
		name, header, want string
	}{
		{"none", "", ""},
		{"next only", `<https://s.myshopify.com/admin/api/2026-10/orders.json?limit=250&page_info=abc>; rel="next"`, "abc"},
		{"previous and next", `<https://s/o.json?page_info=p1&limit=3>; rel="previous", <https://s/o.json?page_info=n2&limit=3>; rel="next"`, "n2"},
		{"previous only", `<https://s/o.json?page_info=p1>; rel="previous"`, ""},
		{"unquoted rel", `<https://s/o.json?page_info=x>; rel=next`, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextPageInfo(tt.header); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
