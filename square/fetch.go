package square

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// Fetch reads one order with Retrieve Order and maps it. An order Square
// does not know gives an error wrapping channel.ErrNotFound.
func (c *Client) Fetch(ctx context.Context, orderID string) (channel.Report, error) {
	so, err := c.retrieve(ctx, orderID)
	if err != nil {
		return channel.Report{}, err
	}
	m, err := mapOrder(c.opts.ChannelID, so)
	if err != nil {
		return channel.Report{}, fmt.Errorf("square: fetch order %s: %w", orderID, err)
	}
	return m.Report, nil
}

// retrieve reads Square's order.
func (c *Client) retrieve(ctx context.Context, orderID string) (*sqOrder, error) {
	var resp struct {
		Order *sqOrder `json:"order"`
	}
	path := "/v2/orders/" + url.PathEscape(orderID)
	if err := c.do(ctx, http.MethodGet, path, nil, &resp); err != nil {
		return nil, fmt.Errorf("square: fetch order %s: %w", orderID, err)
	}
	if resp.Order == nil {
		return nil, fmt.Errorf("square: fetch order %s: %w: the answer has no order",
			orderID, ErrMalformed)
	}
	return resp.Order, nil
}

// searchRequest is the body of Search Orders.
type searchRequest struct {
	LocationIDs   []string    `json:"location_ids"`
	Cursor        string      `json:"cursor,omitempty"`
	Limit         int         `json:"limit"`
	ReturnEntries bool        `json:"return_entries"`
	Query         searchQuery `json:"query"`
}

type searchQuery struct {
	Filter struct {
		DateTimeFilter struct {
			UpdatedAt timeRange `json:"updated_at"`
		} `json:"date_time_filter"`
	} `json:"filter"`
	Sort struct {
		SortField string `json:"sort_field"`
		SortOrder string `json:"sort_order"`
	} `json:"sort"`
}

type timeRange struct {
	StartAt string `json:"start_at,omitempty"`
	EndAt   string `json:"end_at,omitempty"`
}

// searchResponse is Search Orders' answer.
type searchResponse struct {
	Orders []sqOrder `json:"orders"`
	Cursor string    `json:"cursor"`
}

// pageSize is how many orders Changed asks for at a time; Square's
// default is 500.
const pageSize = 100

// Changed walks the orders of the configured locations updated at or after
// since, oldest update first, with Search Orders filtered and sorted on
// updated_at, and calls fn for each. It returns the latest updated_at it
// saw, or since. An order that cannot be mapped stops the walk with an
// error wrapping ErrMalformed, rather than being skipped unseen.
func (c *Client) Changed(ctx context.Context, since time.Time,
	fn func(channel.Report) error) (time.Time, error) {
	if len(c.opts.LocationIDs) == 0 {
		return since, fmt.Errorf("square: changed orders: Options.LocationIDs is empty; " +
			"Search Orders needs at least one location")
	}
	req := searchRequest{LocationIDs: c.opts.LocationIDs, Limit: pageSize}
	req.Query.Filter.DateTimeFilter.UpdatedAt.StartAt = since.UTC().Format(time.RFC3339Nano)
	req.Query.Sort.SortField = "UPDATED_AT"
	req.Query.Sort.SortOrder = "ASC"

	latest := since
	for {
		var resp searchResponse
		if err := c.do(ctx, http.MethodPost, "/v2/orders/search", req, &resp); err != nil {
			return latest, fmt.Errorf("square: search orders since %s: %w",
				since.Format(time.RFC3339), err)
		}
		for i := range resp.Orders {
			m, err := mapOrder(c.opts.ChannelID, &resp.Orders[i])
			if err != nil {
				return latest, fmt.Errorf("square: changed orders: %w", err)
			}
			if err := fn(m.Report); err != nil {
				return latest, err
			}
			if u := m.Report.Order.UpdatedAt; u.After(latest) {
				latest = u
			}
		}
		if resp.Cursor == "" {
			return latest, nil
		}
		req.Cursor = resp.Cursor
	}
}
