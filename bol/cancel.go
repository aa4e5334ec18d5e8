package bol

import (
	"context"
	"fmt"
	"net/http"
	"slices"
)

// CancelReasons are the reason codes PUT /retailer/orders/cancellation
// accepts. REQUESTED_BY_CUSTOMER confirms a customer's cancellation request.
var CancelReasons = []string{"OUT_OF_STOCK", "REQUESTED_BY_CUSTOMER", "BAD_CONDITION",
	"HIGHER_SHIPCOST", "INCORRECT_PRICE", "NOT_AVAIL_IN_TIME", "NO_BOL_GUARANTEE",
	"ORDERED_TWICE", "RETAIN_ITEM", "TECH_ISSUE", "UNFINDABLE_ITEM", "OTHER"}

// cancellationRequest is the body of PUT /retailer/orders/cancellation. The
// v10 description allows one order item per request.
type cancellationRequest struct {
	OrderItems []itemCancellation `json:"orderItems"`
}

type itemCancellation struct {
	OrderItemID string `json:"orderItemId"`
	ReasonCode  string `json:"reasonCode"`
}

// Cancel cancels order items at bol.com for reasonCode, one of
// CancelReasons, one item per request as the API requires, waiting for each
// process status. It stops at the first item that fails; the items before
// it stay cancelled. A refusal or a FAILURE is a *channel.PermanentError.
func (c *Client) Cancel(ctx context.Context, orderItemIDs []string, reasonCode string) error {
	if !slices.Contains(CancelReasons, reasonCode) {
		return fmt.Errorf("bol: cancel: reason %q is not one of %v", reasonCode, CancelReasons)
	}
	for _, id := range orderItemIDs {
		body := cancellationRequest{OrderItems: []itemCancellation{
			{OrderItemID: id, ReasonCode: reasonCode}}}
		var p processStatusPayload
		err := c.send(ctx, request{method: http.MethodPut, path: "/retailer/orders/cancellation",
			body: body}, &p)
		if err == nil {
			var ps ProcessStatus
			if ps, err = p.status(); err == nil {
				_, err = c.await(ctx, ps)
			}
		}
		if err != nil {
			return fmt.Errorf("bol: cancel order item %s: %w", id, err)
		}
	}
	return nil
}
