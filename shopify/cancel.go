package shopify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/ordo-oms/ordo/channel"
)

// cancelReasons are the reasons POST /orders/{id}/cancel.json accepts.
var cancelReasons = []string{"customer", "inventory", "fraud", "declined", "other"}

// cancelRequest is the body of POST /orders/{id}/cancel.json. Its other
// parameters, amount, currency and refund, refund money, which Refund does
// on its own; restock is deprecated.
type cancelRequest struct {
	Reason string `json:"reason"`
	Email  bool   `json:"email"`
}

// Cancel cancels an order at Shopify with POST /orders/{id}/cancel.json
// and has Shopify e-mail the customer, as Ship has it notify them of a
// shipment. reason is sent as it is when it is one of Shopify's (customer,
// inventory, fraud, declined, other) and as "other" otherwise. Cancel
// refunds nothing; Refund does. It reads the order first, and an order
// with cancelled_at set already, by Ordo's earlier attempt or by the
// merchant, is returned as a Duplicate. Shopify's refusal, such as for an
// order with fulfilments, is a *channel.PermanentError.
func (a *Admin) Cancel(ctx context.Context, orderID, reason string) (channel.Confirmation, error) {
	at, err := a.cancelledAt(ctx, orderID)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("shopify: cancel order %s: %w", orderID, err)
	}
	if at != "" {
		return channel.Confirmation{Reference: orderID, Detail: "cancelled at " + at,
			Duplicate: true}, nil
	}
	var body struct {
		Order struct {
			CancelledAt string `json:"cancelled_at"`
		} `json:"order"`
	}
	req := cancelRequest{Reason: cancelReason(reason), Email: true}
	path := "/orders/" + orderID + "/cancel.json"
	if _, err := a.call(ctx, http.MethodPost, path, nil, req, &body); err != nil {
		return channel.Confirmation{}, fmt.Errorf("shopify: cancel order %s: %w", orderID, err)
	}
	return channel.Confirmation{Reference: orderID,
		Detail: "cancelled at " + body.Order.CancelledAt}, nil
}

// cancelledAt returns the order's cancelled_at, "" when it stands.
func (a *Admin) cancelledAt(ctx context.Context, orderID string) (string, error) {
	raw, err := a.order(ctx, orderID, []string{"id", "cancelled_at"})
	if err != nil {
		return "", err
	}
	var o struct {
		CancelledAt *string `json:"cancelled_at"`
	}
	if err := json.Unmarshal(raw, &o); err != nil {
		return "", fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if o.CancelledAt == nil {
		return "", nil
	}
	return *o.CancelledAt, nil
}

// cancelReason returns Shopify's word for reason, or "other".
func cancelReason(reason string) string {
	r := strings.ToLower(strings.TrimSpace(reason))
	for _, ok := range cancelReasons {
		if r == ok {
			return r
		}
	}
	return "other"
}
