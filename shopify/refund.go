package shopify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
)

// Refund is money to give back on a Shopify order, for some of its lines
// and for shipping.
type Refund struct {
	// Key identifies the refund in Ordo. Every attempt carries the same
	// Key, which Refund writes into the refund's note to know it again.
	Key string
	// OrderID is Shopify's id of the order.
	OrderID string
	// Lines are the quantities of the order's line items to refund, by
	// Shopify line item id.
	Lines []channel.Line
	// Shipping is the shipping to refund, in minor units of the shop's
	// currency; zero refunds none.
	Shipping int64
	// Note is the merchant's reason, shown in the Shopify admin.
	Note string
}

// refundInput is the "refund" object of the calculate and create requests.
type refundInput struct {
	Currency        string              `json:"currency"`
	Notify          bool                `json:"notify,omitempty"`
	Note            string              `json:"note,omitempty"`
	Shipping        *refundShipping     `json:"shipping,omitempty"`
	RefundLineItems []refundLineItem    `json:"refund_line_items"`
	Transactions    []refundTransaction `json:"transactions,omitempty"`
}

type refundShipping struct {
	Amount string `json:"amount"`
}

type refundLineItem struct {
	LineItemID  int64  `json:"line_item_id"`
	Quantity    int64  `json:"quantity"`
	RestockType string `json:"restock_type"`
}

type refundTransaction struct {
	ParentID int64  `json:"parent_id"`
	Amount   number `json:"amount"`
	Kind     string `json:"kind"`
	Gateway  string `json:"gateway"`
}

// Refund refunds r at Shopify in the two steps Shopify documents: POST
// /orders/{id}/refunds/calculate.json works out the transactions that pay
// it back, and POST /orders/{id}/refunds.json records the refund with
// those transactions, as kind "refund", and notifies the customer. Items
// are refunded without restocking (restock_type "no_restock"): Ordo keeps
// the stock. It reads the order first, for its currency and its refunds,
// and a refund whose note holds r.Key is returned as a Duplicate, since the
// REST API takes no idempotency key. The reference is Shopify's refund id.
func (a *Admin) Refund(ctx context.Context, r Refund) (channel.Confirmation, error) {
	items, err := a.checkRefund(r)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("shopify: refund %s: %w", r.Key, err)
	}
	o, err := a.refundedOrder(ctx, r.OrderID)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("shopify: refund %s: %w", r.Key, err)
	}
	marker := refundMarker(r.Key)
	if id, ok := o.refundWith(marker); ok {
		return channel.Confirmation{Reference: id, Duplicate: true}, nil
	}
	in := refundInput{Currency: o.Currency, RefundLineItems: items}
	if r.Shipping > 0 {
		in.Shipping = &refundShipping{Amount: order.FormatAmount(r.Shipping, o.Currency)}
	}

	var calc struct {
		Refund struct {
			Transactions []refundTransaction `json:"transactions"`
		} `json:"refund"`
	}
	base := "/orders/" + r.OrderID + "/refunds"
	body := map[string]refundInput{"refund": in}
	if _, err := a.call(ctx, http.MethodPost, base+"/calculate.json", nil, body, &calc); err != nil {
		return channel.Confirmation{}, fmt.Errorf("shopify: refund %s: calculate: %w", r.Key, err)
	}

	in.Notify, in.Note = true, strings.TrimSpace(r.Note+" "+marker)
	for _, t := range calc.Refund.Transactions {
		in.Transactions = append(in.Transactions, refundTransaction{
			ParentID: t.ParentID, Amount: t.Amount, Kind: "refund", Gateway: t.Gateway})
	}
	var created struct {
		Refund struct {
			ID int64 `json:"id"`
		} `json:"refund"`
	}
	body = map[string]refundInput{"refund": in}
	if _, err := a.call(ctx, http.MethodPost, base+".json", nil, body, &created); err != nil {
		return channel.Confirmation{}, fmt.Errorf("shopify: refund %s: %w", r.Key, err)
	}
	return channel.Confirmation{Reference: strconv.FormatInt(created.Refund.ID, 10)}, nil
}

// refundMarker is what a refund's note holds to be known as r.Key's.
func refundMarker(key string) string { return "[ordo:" + key + "]" }

// checkRefund checks r and returns its lines as refund line items, an
// empty list rather than none when it refunds only shipping.
func (a *Admin) checkRefund(r Refund) ([]refundLineItem, error) {
	if r.Key == "" {
		return nil, a.refuse("refund has no key")
	}
	if err := a.validID("order id", r.OrderID); err != nil {
		return nil, err
	}
	if r.Shipping < 0 || (len(r.Lines) == 0 && r.Shipping == 0) {
		return nil, a.refuse("refund has no lines and no shipping to refund")
	}
	items := make([]refundLineItem, 0, len(r.Lines))
	for _, l := range r.Lines {
		id, err := strconv.ParseInt(l.LineID, 10, 64)
		if err != nil || id <= 0 || l.Quantity <= 0 {
			return nil, a.refuse("line %q with quantity %d cannot be refunded", l.LineID, l.Quantity)
		}
		items = append(items, refundLineItem{LineItemID: id, Quantity: l.Quantity,
			RestockType: "no_restock"})
	}
	return items, nil
}

// refundedOrder is what Refund reads of an order: its currency, in which
// shipping is refunded, and the refunds made of it so far.
type refundedOrder struct {
	Currency string `json:"currency"`
	Refunds  []struct {
		ID   int64  `json:"id"`
		Note string `json:"note"`
	} `json:"refunds"`
}

// refundedOrder reads the currency and refunds of an order with one GET
// /orders/{id}.json.
func (a *Admin) refundedOrder(ctx context.Context, orderID string) (refundedOrder, error) {
	raw, err := a.order(ctx, orderID, []string{"id", "currency", "refunds"})
	if err != nil {
		return refundedOrder{}, err
	}
	var o refundedOrder
	if err := json.Unmarshal(raw, &o); err != nil {
		return refundedOrder{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if o.Currency == "" {
		return refundedOrder{}, fmt.Errorf("%w: the order has no currency", ErrMalformed)
	}
	return o, nil
}

// refundWith returns the id of the order's refund whose note holds marker.
func (o *refundedOrder) refundWith(marker string) (string, bool) {
	for _, rf := range o.Refunds {
		if strings.Contains(rf.Note, marker) {
			return strconv.FormatInt(rf.ID, 10), true
		}
	}
	return "", false
}
