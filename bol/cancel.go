package bol

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/ordo-oms/ordo/channel"
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

// itemCancel is the request that cancels one order item for reasonCode.
func itemCancel(orderItemID, reasonCode string) request {
	return request{method: http.MethodPut, path: "/retailer/orders/cancellation",
		body: cancellationRequest{OrderItems: []itemCancellation{
			{OrderItemID: orderItemID, ReasonCode: reasonCode}}}}
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
		if _, err := c.process(ctx, itemCancel(id, reasonCode)); err != nil {
			return fmt.Errorf("bol: cancel order item %s: %w", id, err)
		}
	}
	return nil
}

// customerRequest is the reason code that confirms a customer's request
// to cancel.
const customerRequest = "REQUESTED_BY_CUSTOMER"

// PlanCancel returns the requests ConfirmCancel makes for cc: the read of
// the order, and one cancellation per line, as v10 takes one order item a
// request. The reads of process statuses that follow are not listed.
func (c *Client) PlanCancel(cc channel.Cancel) ([]channel.Request, error) {
	if cc.OrderID == "" || len(cc.Lines) == 0 {
		return nil, &channel.PermanentError{Channel: c.opts.ChannelID, Detail: fmt.Sprintf(
			"cancellation %q needs an order id and lines; it has %q and %d lines", cc.Key,
			cc.OrderID, len(cc.Lines))}
	}
	rs := []request{orderRead(cc.OrderID)}
	for _, l := range cc.Lines {
		rs = append(rs, itemCancel(l.LineID, customerRequest))
	}
	reqs, err := c.plan(rs...)
	if err != nil {
		return nil, fmt.Errorf("bol: plan cancellation %s: %w", cc.Key, err)
	}
	return reqs, nil
}

// ConfirmCancel tells bol.com that the customer's cancellation of cc's
// order is done: it cancels, for REQUESTED_BY_CUSTOMER, every line of cc
// that bol.com still has open. A line shipped or cancelled already is
// passed over, so a repeated call sends nothing more; when none is open,
// it returns a duplicate confirmation.
func (c *Client) ConfirmCancel(ctx context.Context, cc channel.Cancel) (channel.Confirmation,
	error) {
	open, err := c.openQuantities(ctx, cc.OrderID)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("bol: confirm cancellation of order %s: %w",
			cc.OrderID, err)
	}
	var items []string
	for _, l := range cc.Lines {
		if open[l.LineID] > 0 {
			items = append(items, l.LineID)
		}
	}
	if len(items) == 0 {
		return channel.Confirmation{Reference: cc.OrderID, Duplicate: true,
			Detail: "bol.com has no item of the order open"}, nil
	}
	if err := c.Cancel(ctx, items, customerRequest); err != nil {
		return channel.Confirmation{}, err
	}
	return channel.Confirmation{Reference: cc.OrderID,
		Detail: fmt.Sprintf("%d order items cancelled at the customer's request", len(items))}, nil
}
