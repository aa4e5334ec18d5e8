package shopify

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/shopify/shopifytest"
)

// cancelled returns the cancelled_at and cancel_reason of an order in the
// fake shop.
func cancelled(tb testing.TB, shop *shopifytest.Server, id int64) (at, reason string) {
	tb.Helper()
	body, ok := shop.Order(id)
	if !ok {
		tb.Fatalf("no order %d", id)
	}
	var o struct {
		CancelledAt  *string `json:"cancelled_at"`
		CancelReason *string `json:"cancel_reason"`
	}
	if err := json.Unmarshal(body, &o); err != nil {
		tb.Fatal(err)
	}
	if o.CancelledAt == nil || o.CancelReason == nil {
		return "", ""
	}
	return *o.CancelledAt, *o.CancelReason
}

func TestCancel(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	ctx := context.Background()

	c, err := a.Cancel(ctx, "1001", "inventory")
	if err != nil {
		t.Fatal(err)
	}
	if at, reason := cancelled(t, shop, 1001); at == "" || reason != "inventory" {
		t.Fatalf("order cancelled at %q for %q", at, reason)
	}
	if c.Duplicate || c.Reference != "1001" {
		t.Errorf("confirmation %+v", c)
	}
	again, err := a.Cancel(ctx, "1001", "inventory")
	if err != nil || !again.Duplicate {
		t.Fatalf("second cancel: %+v, %v; want a duplicate", again, err)
	}
	if n := shop.Requests("POST", "/orders/{id}/cancel.json"); n != 1 {
		t.Errorf("%d cancel posts, want 1", n)
	}
	r, err := a.Fetch(ctx, "1001")
	if err != nil || r.Cancelled == nil || r.Cancelled.Reason != "inventory" {
		t.Errorf("fetch after cancel: %+v, %v", r.Cancelled, err)
	}
}

func TestCancelIsExactlyOnceThroughATimeout(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	shop.Fail("POST", "/orders/1001/cancel.json", 1, shopifytest.TimeoutAfter)
	if _, err := a.Cancel(context.Background(), "1001", "out of stock"); err == nil ||
		channel.IsPermanent(err) {
		t.Fatalf("first cancel: got %v, want a retryable error", err)
	}
	c, err := a.Cancel(context.Background(), "1001", "out of stock")
	if err != nil || !c.Duplicate {
		t.Fatalf("retry: %+v, %v; want a duplicate", c, err)
	}
	if _, reason := cancelled(t, shop, 1001); reason != "other" {
		t.Errorf("reason %q, want other for a reason Shopify has no word for", reason)
	}
}

func TestCancelRefusedByShopify(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	ctx := context.Background()
	if _, err := a.Ship(ctx, parcel()); err != nil {
		t.Fatal(err)
	}
	_, err := a.Cancel(ctx, "1001", "customer")
	var p *channel.PermanentError
	if !errors.As(err, &p) || p.Status != 422 || !strings.Contains(p.Detail, "fulfillments") {
		t.Fatalf("got %v, want a 422 with Shopify's reason", err)
	}
	if _, err := a.Cancel(ctx, "77", "customer"); !errors.Is(err, channel.ErrNotFound) {
		t.Fatalf("unknown order: got %v, want ErrNotFound", err)
	}
}
