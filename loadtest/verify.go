package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// census is what Ordo lists of one run's orders.
type census struct {
	distinct, rows int
	statuses       map[string]int
}

// listPage is one page of GET /api/v1/orders.
type listPage struct {
	Orders []struct {
		OMSOrderID string `json:"oms_order_id"`
		ChannelID  string `json:"channel_id"`
		OrderID    string `json:"order_id"`
		Status     string `json:"status"`
	} `json:"orders"`
	NextCursor string `json:"next_cursor"`
}

// pageSize is how many orders countOrders asks for in each request.
const pageSize = 1000

// countOrders pages through the orders Ordo received after the given time
// and counts those for which ours is true.
func countOrders(ctx context.Context, client *http.Client, base, token string,
	after time.Time, ours func(int64) bool) (census, error) {
	c := census{statuses: map[string]int{}}
	seen := map[int64]bool{}
	cursor := ""
	for {
		page, err := listOrders(ctx, client, base, token, after, cursor)
		if err != nil {
			return c, err
		}
		for _, o := range page.Orders {
			id, ok := shopifyID(o.OrderID)
			if !ok || !ours(id) {
				continue
			}
			c.rows++
			c.statuses[o.Status]++
			if !seen[id] {
				seen[id] = true
				c.distinct++
			}
		}
		if page.NextCursor == "" {
			return c, nil
		}
		if page.NextCursor == cursor {
			return c, fmt.Errorf("loadtest: list orders: cursor %q repeats", cursor)
		}
		cursor = page.NextCursor
	}
}

// listOrders fetches one page of orders.
func listOrders(ctx context.Context, client *http.Client, base, token string,
	after time.Time, cursor string) (listPage, error) {
	q := url.Values{}
	q.Set("received_after", after.UTC().Format(time.RFC3339Nano))
	q.Set("limit", strconv.Itoa(pageSize))
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	u := strings.TrimSuffix(base, "/") + "/api/v1/orders?" + q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return listPage{}, fmt.Errorf("loadtest: list orders: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return listPage{}, fmt.Errorf("loadtest: list orders: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return listPage{}, fmt.Errorf("loadtest: list orders: %s: %s",
			resp.Status, strings.TrimSpace(string(msg)))
	}
	var page listPage
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return listPage{}, fmt.Errorf("loadtest: list orders: decode: %w", err)
	}
	return page, nil
}

// shopifyID reads a Shopify order ID as Ordo may list it: "820982911946154508"
// or "gid://shopify/Order/820982911946154508".
func shopifyID(s string) (int64, bool) {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil
}
