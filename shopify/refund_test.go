package shopify

import (
	"context"
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/shopify/shopifytest"
)

// mugRefund refunds one mug and the shipping of mugAndBook(1001).
func mugRefund() Refund {
	return Refund{Key: "refund-7", OrderID: "1001", Note: "Mug arrived broken",
		Lines: []channel.Line{{LineID: "1001001", Quantity: 1}}, Shipping: 495}
}

func TestRefund(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	ctx := context.Background()

	c, err := a.Refund(ctx, mugRefund())
	if err != nil {
		t.Fatal(err)
	}
	rs := shop.Refunds(1001)
	if len(rs) != 1 {
		t.Fatalf("%d refunds, want 1", len(rs))
	}
	r := rs[0]
	if c.Reference != itoa(r.ID) || c.Duplicate {
		t.Errorf("confirmation %+v for refund %d", c, r.ID)
	}
	if !strings.Contains(r.Note, "Mug arrived broken") || !strings.Contains(r.Note, "refund-7") ||
		!r.Notify || r.Shipping != 495 {
		t.Errorf("refund %+v", r)
	}
	if len(r.Lines) != 1 || r.Lines[0].Quantity != 1 || r.Lines[0].RestockType != "no_restock" {
		t.Errorf("refunded lines %+v", r.Lines)
	}
	if len(r.Transactions) != 1 || r.Transactions[0].Amount != 1295+495 ||
		r.Transactions[0].Kind != "refund" {
		t.Errorf("transactions %+v, want one refund of 17.90", r.Transactions)
	}
	got, err := a.Fetch(ctx, "1001")
	if err != nil || got.Order.Payment != "partially_refunded" {
		t.Errorf("payment after refund %q (%v)", got.Order.Payment, err)
	}

	again, err := a.Refund(ctx, mugRefund())
	if err != nil || !again.Duplicate || again.Reference != c.Reference {
		t.Fatalf("second refund: %+v, %v; want the first as a duplicate", again, err)
	}
}

func TestRefundIsExactlyOnceThroughATimeout(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	shop.Fail("POST", "/orders/1001/refunds.json", 1, shopifytest.TimeoutAfter)
	if _, err := a.Refund(context.Background(), mugRefund()); err == nil ||
		channel.IsPermanent(err) {
		t.Fatalf("first refund: got %v, want a retryable error", err)
	}
	c, err := a.Refund(context.Background(), mugRefund())
	if err != nil || !c.Duplicate {
		t.Fatalf("retry: %+v, %v; want a duplicate", c, err)
	}
	if rs := shop.Refunds(1001); len(rs) != 1 {
		t.Fatalf("%d refunds, want 1", len(rs))
	}
}

func TestRefundRefuses(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	tests := []struct {
		name   string
		change func(*Refund)
	}{
		{"no key", func(r *Refund) { r.Key = "" }},
		{"nothing to refund", func(r *Refund) { r.Lines, r.Shipping = nil, 0 }},
		{"more than was bought", func(r *Refund) { r.Lines[0].Quantity = 5 }},
		{"more shipping than charged", func(r *Refund) { r.Shipping = 10000 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mugRefund()
			tt.change(&r)
			if _, err := a.Refund(context.Background(), r); !channel.IsPermanent(err) {
				t.Fatalf("got %v, want a permanent error", err)
			}
		})
	}
	if rs := shop.Refunds(1001); len(rs) != 0 {
		t.Fatalf("%d refunds made", len(rs))
	}
}
