package amazon

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// lag is how far behind the present Amazon lets getOrders look: its
// LastUpdatedBefore must be at least two minutes before the request.
const lag = 2 * time.Minute

// Fetch reads one order by its Amazon order id (3-7-7 digits) with
// getOrder and getOrderItems, following NextToken through every page of
// items, and maps it. An unknown order gives an error wrapping
// channel.ErrNotFound.
func (c *Client) Fetch(ctx context.Context, orderID string) (channel.Report, error) {
	p, err := c.getOrder(ctx, orderID)
	if err != nil {
		return channel.Report{}, fmt.Errorf("amazon: fetch order %s: %w", orderID, err)
	}
	return c.complete(ctx, p)
}

// complete reads the items of an order read before and maps the two.
func (c *Client) complete(ctx context.Context, p *orderPayload) (channel.Report, error) {
	items, err := c.getOrderItems(ctx, p.AmazonOrderID)
	if err != nil {
		return channel.Report{}, fmt.Errorf("amazon: fetch items of order %s: %w",
			p.AmazonOrderID, err)
	}
	rep, err := mapOrder(c.channelID, p, items)
	if err != nil {
		return channel.Report{}, fmt.Errorf("amazon: map order %s: %w", p.AmazonOrderID, err)
	}
	return rep, nil
}

// Changed calls fn with every order of the configured marketplaces that
// Amazon changed at or after since, oldest change first, and returns the
// latest LastUpdateDate it saw, or since when it saw none. It asks getOrders
// for LastUpdatedAfter=since and LastUpdatedBefore two minutes before now,
// as Amazon requires; when since is later than that, nothing can be asked
// yet and it returns since. Every order's items are read with
// getOrderItems, so a walk over many orders takes as long as that
// operation's rate limit (one every two seconds) allows.
func (c *Client) Changed(ctx context.Context, since time.Time,
	fn func(channel.Report) error) (time.Time, error) {
	before := c.now().Add(-lag).UTC().Truncate(time.Second)
	if since.After(before) {
		return since, nil
	}
	orders, err := c.getOrders(ctx, since, before)
	if err != nil {
		return since, fmt.Errorf("amazon: list orders changed since %s: %w",
			since.Format(time.RFC3339), err)
	}
	mark := since
	for _, o := range orders {
		rep, err := c.complete(ctx, &o)
		if err != nil {
			return mark, err
		}
		if err := fn(rep); err != nil {
			return mark, err
		}
		if rep.Order.UpdatedAt.After(mark) {
			mark = rep.Order.UpdatedAt
		}
	}
	return mark, nil
}

// getOrder calls getOrder.
func (c *Client) getOrder(ctx context.Context, orderID string) (*orderPayload, error) {
	var e envelope[orderPayload]
	if err := c.call(ctx, opGetOrder, http.MethodGet, "/orders/v0/orders/"+
		url.PathEscape(orderID), nil, nil, &e); err != nil {
		return nil, err
	}
	if e.Payload == nil || e.Payload.AmazonOrderID == "" {
		return nil, fmt.Errorf("%w: getOrder answer has no order", ErrMalformed)
	}
	return e.Payload, nil
}

// getOrderItems calls getOrderItems for every page of an order's items.
func (c *Client) getOrderItems(ctx context.Context, orderID string) ([]itemPayload, error) {
	var items []itemPayload
	path := "/orders/v0/orders/" + url.PathEscape(orderID) + "/orderItems"
	next := ""
	for {
		var q url.Values
		if next != "" {
			q = url.Values{"NextToken": {next}}
		}
		var e envelope[itemsPage]
		if err := c.call(ctx, opGetOrderItems, http.MethodGet, path, q, nil, &e); err != nil {
			return nil, err
		}
		if e.Payload == nil {
			return nil, fmt.Errorf("%w: getOrderItems answer has no payload", ErrMalformed)
		}
		items = append(items, e.Payload.OrderItems...)
		if next = e.Payload.NextToken; next == "" {
			return items, nil
		}
	}
}

// getOrders calls getOrders for every page of orders updated between
// after and before, and returns them oldest change first.
func (c *Client) getOrders(ctx context.Context, after, before time.Time) ([]orderPayload,
	error) {
	first := url.Values{
		"MarketplaceIds":    {strings.Join(c.marketplaces, ",")},
		"LastUpdatedAfter":  {after.UTC().Format(time.RFC3339)},
		"LastUpdatedBefore": {before.UTC().Format(time.RFC3339)},
	}
	var orders []orderPayload
	q := first
	for {
		var e envelope[ordersPage]
		if err := c.call(ctx, opGetOrders, http.MethodGet, "/orders/v0/orders", q, nil,
			&e); err != nil {
			return nil, err
		}
		if e.Payload == nil {
			return nil, fmt.Errorf("%w: getOrders answer has no payload", ErrMalformed)
		}
		orders = append(orders, e.Payload.Orders...)
		if e.Payload.NextToken == "" {
			break
		}
		// With NextToken, Amazon ignores the other criteria but for the
		// marketplaces, which it still requires.
		q = url.Values{"MarketplaceIds": first["MarketplaceIds"],
			"NextToken": {e.Payload.NextToken}}
	}
	slices.SortStableFunc(orders, func(a, b orderPayload) int {
		return strings.Compare(normTime(a.LastUpdateDate), normTime(b.LastUpdateDate))
	})
	return orders, nil
}

// normTime returns an ISO 8601 time in a form that sorts as text, or the
// text itself when it is not one.
func normTime(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000000")
}
