package bol

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// Fetch reads one order with GET /retailer/orders/{order-id} and maps it
// with Map. An order bol.com does not know gives an error wrapping
// channel.ErrNotFound.
func (c *Client) Fetch(ctx context.Context, orderID string) (channel.Report, error) {
	var raw json.RawMessage
	r := orderRead(orderID)
	if err := c.send(ctx, r, &raw); err != nil {
		var perm *channel.PermanentError
		if errors.As(err, &perm) && perm.Status == http.StatusNotFound {
			err = fmt.Errorf("%w: %w", channel.ErrNotFound, err)
		}
		return channel.Report{}, fmt.Errorf("bol: fetch order %s: %w", orderID, err)
	}
	rep, err := Map(c.opts.ChannelID, raw)
	if err != nil {
		return channel.Report{}, fmt.Errorf("bol: fetch order %s: %w", orderID, err)
	}
	return rep, nil
}

// changedOrder is an order the list showed changed at or after since.
type changedOrder struct {
	id string
	at time.Time
}

// Changed calls fn with every order whose items bol.com changed at or
// after since, read whole, oldest change first, and returns the latest
// change it passed to fn, or since when there was none. It lists the orders
// of the configured fulfilment method in every status, a day at a time
// (see the package documentation); bol.com keeps three months of history.
func (c *Client) Changed(ctx context.Context, since time.Time,
	fn func(channel.Report) error) (time.Time, error) {
	found, err := c.changedOrders(ctx, since)
	if err != nil {
		return since, fmt.Errorf("bol: list changed orders: %w", err)
	}
	mark := since
	for _, o := range found {
		rep, err := c.Fetch(ctx, o.id)
		if err != nil {
			return mark, err
		}
		if err := fn(rep); err != nil {
			return mark, err
		}
		mark = latest(mark, o.at, rep.Order.UpdatedAt)
	}
	return mark, nil
}

// latest returns the latest of ts.
func latest(ts ...time.Time) time.Time {
	var last time.Time
	for _, t := range ts {
		if t.After(last) {
			last = t
		}
	}
	return last
}

// historyDays is how far back bol.com lists changes.
const historyDays = 92

// changedOrders lists the orders changed at or after since, each once,
// oldest change first.
func (c *Client) changedOrders(ctx context.Context, since time.Time) ([]changedOrder, error) {
	now := c.opts.Now().UTC()
	first := since.UTC().AddDate(0, 0, -1)
	if oldest := now.AddDate(0, 0, -historyDays); first.Before(oldest) {
		first = oldest
	}
	seen := map[string]time.Time{}
	for day := first; !day.After(now.AddDate(0, 0, 1)); day = day.AddDate(0, 0, 1) {
		if err := c.listDay(ctx, day.Format(time.DateOnly), since, seen); err != nil {
			return nil, err
		}
	}
	found := make([]changedOrder, 0, len(seen))
	for id, at := range seen {
		found = append(found, changedOrder{id: id, at: at})
	}
	slices.SortFunc(found, func(a, b changedOrder) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.id, b.id))
	})
	return found, nil
}

// listDay reads every page of the orders with a change on date and records
// in seen those changed at or after since, with their latest change.
func (c *Client) listDay(ctx context.Context, date string, since time.Time,
	seen map[string]time.Time) error {
	for page := 1; ; page++ {
		q := url.Values{
			"fulfilment-method":  {c.opts.FulfilmentMethod},
			"status":             {"ALL"},
			"latest-change-date": {date},
			"page":               {strconv.Itoa(page)},
		}
		var list orderList
		if err := c.send(ctx, request{method: http.MethodGet, path: "/retailer/orders",
			query: q}, &list); err != nil {
			return err
		}
		if len(list.Orders) == 0 {
			return nil
		}
		for _, o := range list.Orders {
			r := &reader{}
			for i, it := range o.OrderItems {
				at := r.time(fmt.Sprintf("order %s item %d latestChangedDateTime", o.OrderID, i),
					it.LatestChangedDateTime)
				if !at.Before(since) && at.After(seen[o.OrderID]) {
					seen[o.OrderID] = at
				}
			}
			if r.err != nil {
				return r.err
			}
		}
	}
}

// orderRead is the request that reads one order whole.
func orderRead(orderID string) request {
	return request{method: http.MethodGet, path: "/retailer/orders/" + url.PathEscape(orderID)}
}
