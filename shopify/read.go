package shopify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// pageSize is the most orders one page of GET /orders.json may hold.
const pageSize = 250

// Fetch reads one order whole by its Shopify id with GET
// /orders/{id}.json. The REST order resource is the body of the orders/*
// webhooks, so it is mapped by Map. An order Shopify does not know, or no
// longer shows (by default only the last 60 days of orders are readable),
// gives an error wrapping channel.ErrNotFound; a body Map cannot read, one
// wrapping ErrMalformed.
func (a *Admin) Fetch(ctx context.Context, orderID string) (channel.Report, error) {
	raw, err := a.order(ctx, orderID, nil)
	if err != nil {
		return channel.Report{}, fmt.Errorf("shopify: fetch order %s: %w", orderID, err)
	}
	r, err := a.report(raw)
	if err != nil {
		return channel.Report{}, fmt.Errorf("shopify: fetch order %s: %w", orderID, err)
	}
	return r, nil
}

// order returns the REST order resource of orderID, limited to fields when
// any are named. A 404 wraps channel.ErrNotFound as well as the
// *channel.PermanentError.
func (a *Admin) order(ctx context.Context, orderID string,
	fields []string) (json.RawMessage, error) {
	if err := a.validID("order id", orderID); err != nil {
		return nil, err
	}
	var q url.Values
	if len(fields) > 0 {
		q = url.Values{"fields": {strings.Join(fields, ",")}}
	}
	var body struct {
		Order json.RawMessage `json:"order"`
	}
	_, err := a.call(ctx, http.MethodGet, "/orders/"+orderID+".json", q, nil, &body)
	var perr *channel.PermanentError
	if errors.As(err, &perr) && perr.Status == http.StatusNotFound {
		return nil, fmt.Errorf("%w: %w", channel.ErrNotFound, err)
	}
	if err != nil {
		return nil, err
	}
	if len(body.Order) == 0 || string(body.Order) == "null" {
		return nil, fmt.Errorf("%w: the answer has no order", ErrMalformed)
	}
	return body.Order, nil
}

// report maps one REST order resource.
func (a *Admin) report(raw json.RawMessage) (channel.Report, error) {
	m, err := Map(a.channelID, raw)
	if err != nil {
		return channel.Report{}, err
	}
	return channel.Report{Order: m.Order, Cancelled: m.Cancellation()}, nil
}

// Changed calls fn for every order, of any status, that Shopify last
// updated at or after since, with GET /orders.json?status=any&
// updated_at_min=…&order=updated_at asc, 250 to a page. It follows the
// rel="next" link of each answer's Link header; such a request may carry
// only page_info and limit, as Shopify requires, since the cursor holds
// the rest. It returns the latest updated_at it saw, or since when it saw
// none. The order parameter is not in the endpoint's documented list,
// though Shopify honours it; the high-water mark is the latest time seen
// either way. An error from fn, or an order Map cannot read, stops the walk.
func (a *Admin) Changed(ctx context.Context, since time.Time,
	fn func(channel.Report) error) (time.Time, error) {
	q := url.Values{
		"status":         {"any"},
		"updated_at_min": {since.Format(time.RFC3339)},
		"limit":          {strconv.Itoa(pageSize)},
		"order":          {"updated_at asc"},
	}
	mark := since
	for page := 1; ; page++ {
		var body struct {
			Orders []json.RawMessage `json:"orders"`
		}
		h, err := a.call(ctx, http.MethodGet, "/orders.json", q, nil, &body)
		if err != nil {
			return mark, fmt.Errorf("shopify: list orders changed since %s, page %d: %w",
				since.Format(time.RFC3339), page, err)
		}
		for _, raw := range body.Orders {
			r, err := a.report(raw)
			if err != nil {
				return mark, fmt.Errorf("shopify: list orders changed since %s: %w",
					since.Format(time.RFC3339), err)
			}
			if err := fn(r); err != nil {
				return mark, err
			}
			if r.Order.UpdatedAt.After(mark) {
				mark = r.Order.UpdatedAt
			}
		}
		next := nextPageInfo(h.Get("Link"))
		if next == "" {
			return mark, nil
		}
		q = url.Values{"page_info": {next}, "limit": {strconv.Itoa(pageSize)}}
	}
}
