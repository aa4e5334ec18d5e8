package shopifytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/order"
)

// orderState is one order of the fake shop: the REST resource as it was
// added, and what the fake has changed of it since.
type orderState struct {
	raw          map[string]any
	id           int64
	name         string
	currency     string
	createdAt    time.Time
	updatedAt    time.Time
	cancelledAt  time.Time
	cancelReason string
	closedAt     time.Time
	financial    string
	gateway      string
	lines        []*lineState
	shipping     int64 // shipping charged, in minor units
	shipRefunded int64
	fos          []*fulfillmentOrder
	fulfillments []*Fulfillment
	refunds      []*Refund
	sales        []*Transaction
}

// lineState is one line item and how much of it was fulfilled and
// refunded.
type lineState struct {
	raw       map[string]any
	id        int64
	sku       string
	quantity  int64
	price     int64
	fulfilled int64
	refunded  int64
}

// parseOrder reads a REST order resource into the fake's state.
func parseOrder(body []byte) (*orderState, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("shopifytest: order is not a JSON object: %w", err)
	}
	o := &orderState{raw: raw, name: text(raw["name"]),
		currency:  strings.ToUpper(text(raw["currency"])),
		financial: text(raw["financial_status"]), gateway: "manual"}
	var ok bool
	if o.id, ok = integer(raw["id"]); !ok || o.id <= 0 {
		return nil, fmt.Errorf("shopifytest: order has no id")
	}
	o.createdAt, _ = time.Parse(time.RFC3339, text(raw["created_at"]))
	o.updatedAt, _ = time.Parse(time.RFC3339, text(raw["updated_at"]))
	o.cancelledAt, _ = time.Parse(time.RFC3339, text(raw["cancelled_at"]))
	o.closedAt, _ = time.Parse(time.RFC3339, text(raw["closed_at"]))
	o.cancelReason = text(raw["cancel_reason"])
	if names, _ := raw["payment_gateway_names"].([]any); len(names) > 0 {
		o.gateway = text(names[0])
	}
	items, _ := raw["line_items"].([]any)
	for i, it := range items {
		l, err := o.parseLine(it)
		if err != nil {
			return nil, fmt.Errorf("shopifytest: order %d line %d: %w", o.id, i, err)
		}
		o.lines = append(o.lines, l)
	}
	ships, _ := raw["shipping_lines"].([]any)
	for _, s := range ships {
		sm, _ := s.(map[string]any)
		p, err := order.ParseAmount(text(sm["price"]), o.currency)
		if err != nil {
			return nil, fmt.Errorf("shopifytest: order %d shipping price: %w", o.id, err)
		}
		o.shipping += p
	}
	return o, nil
}

// parseLine reads one line item.
func (o *orderState) parseLine(it any) (*lineState, error) {
	m, ok := it.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("not an object")
	}
	l := &lineState{raw: m, sku: text(m["sku"])}
	if l.id, ok = integer(m["id"]); !ok {
		return nil, fmt.Errorf("no id")
	}
	if l.quantity, ok = integer(m["quantity"]); !ok {
		return nil, fmt.Errorf("no quantity")
	}
	if free, ok := integer(m["fulfillable_quantity"]); ok && free <= l.quantity {
		l.fulfilled = l.quantity - free
	}
	var err error
	if l.price, err = order.ParseAmount(text(m["price"]), o.currency); err != nil {
		return nil, fmt.Errorf("price: %w", err)
	}
	return l, nil
}

// total returns what the customer paid, from total_price.
func (o *orderState) total() int64 {
	v, _ := order.ParseAmount(text(o.raw["total_price"]), o.currency)
	return v
}

// line returns the line item with id, or nil.
func (o *orderState) line(id int64) *lineState {
	for _, l := range o.lines {
		if l.id == id {
			return l
		}
	}
	return nil
}

// touch sets the update time to now, and later than the last one even when
// the fake's clock stands still, so that every change is seen as one.
func (o *orderState) touch(now time.Time) {
	if !now.After(o.updatedAt) {
		now = o.updatedAt.Add(time.Second)
	}
	o.updatedAt = now
}

// fulfillmentStatus returns the order's or a line's fulfillment_status.
func fulfillmentStatus(fulfilled, quantity int64) any {
	switch {
	case fulfilled == 0:
		return nil
	case fulfilled < quantity:
		return "partial"
	}
	return "fulfilled"
}

// render returns the REST order resource as it stands now.
func (o *orderState) render() map[string]any {
	m := maps.Clone(o.raw)
	m["updated_at"] = o.updatedAt.Format(time.RFC3339)
	m["cancelled_at"] = timeOrNull(o.cancelledAt)
	m["closed_at"] = timeOrNull(o.closedAt)
	m["cancel_reason"] = nil
	if o.cancelReason != "" {
		m["cancel_reason"] = o.cancelReason
	}
	m["financial_status"] = o.financial
	var fulfilled, quantity int64
	var lines []any
	for _, l := range o.lines {
		li := maps.Clone(l.raw)
		li["fulfillable_quantity"] = l.quantity - l.fulfilled
		li["fulfillment_status"] = fulfillmentStatus(l.fulfilled, l.quantity)
		lines = append(lines, li)
		fulfilled += l.fulfilled
		quantity += l.quantity
	}
	m["line_items"] = lines
	m["fulfillment_status"] = fulfillmentStatus(fulfilled, quantity)
	m["fulfillments"] = o.renderFulfillments()
	rs := []any{}
	for _, r := range o.refunds {
		rs = append(rs, o.renderRefund(r))
	}
	m["refunds"] = rs
	return m
}

func timeOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.RFC3339)
}

// text returns a JSON string value, or "".
func text(v any) string {
	s, _ := v.(string)
	return s
}

// integer returns a JSON number or numeric string as an int64.
func integer(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	case string:
		i, err := strconv.ParseInt(n, 10, 64)
		return i, err == nil
	case float64:
		return int64(n), n == float64(int64(n))
	}
	return 0, false
}
