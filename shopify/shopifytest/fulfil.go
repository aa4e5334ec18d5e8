package shopifytest

import (
	"fmt"
	"maps"
	"net/http"
	"time"
)

// locationID is the one location of the fake shop.
const locationID = 24826418

// fulfillmentOrder is a fulfilment order: the items one location is to
// send of an order.
type fulfillmentOrder struct {
	ID        int64
	Status    string // open, in_progress, closed, cancelled, ...
	CreatedAt time.Time
	UpdatedAt time.Time
	Items     []*foItem
}

// foItem is one line item of a fulfilment order.
type foItem struct {
	id, lineItemID, quantity, fulfillable int64
}

// Fulfillment is a fulfilment the fake recorded: a shipment of an order
// with its tracking.
type Fulfillment struct {
	ID              int64
	OrderID         int64
	Status          string
	TrackingCompany string
	TrackingNumber  string
	TrackingURL     string
	NotifyCustomer  bool
	Lines           []FulfilledLine
	CreatedAt       time.Time
}

// FulfilledLine is a quantity of an order line item in a Fulfillment.
type FulfilledLine struct {
	LineItemID int64
	SKU        string
	Quantity   int64
}

// newFulfillmentOrder gives o one fulfilment order at the shop's location
// holding what is left to fulfil of its line items. The caller holds s.mu.
func (s *Server) newFulfillmentOrder(o *orderState) {
	fo := &fulfillmentOrder{ID: s.newID(), Status: "open", CreatedAt: o.createdAt,
		UpdatedAt: o.updatedAt}
	var left int64
	for _, l := range o.lines {
		fo.Items = append(fo.Items, &foItem{id: s.newID(), lineItemID: l.id,
			quantity: l.quantity, fulfillable: l.quantity - l.fulfilled})
		left += l.quantity - l.fulfilled
	}
	if left == 0 || !o.cancelledAt.IsZero() {
		fo.Status = "closed"
	}
	o.fos = []*fulfillmentOrder{fo}
}

// renderFO returns the REST fulfilment-order resource of fo.
func (o *orderState) renderFO(fo *fulfillmentOrder) map[string]any {
	var items []any
	for _, it := range fo.Items {
		items = append(items, map[string]any{
			"id": it.id, "shop_id": 548380009, "fulfillment_order_id": fo.ID,
			"line_item_id": it.lineItemID, "inventory_item_id": it.lineItemID + 5000000000,
			"variant_id": it.lineItemID + 7000000000, "quantity": it.quantity,
			"fulfillable_quantity": it.fulfillable,
		})
	}
	actions := []any{}
	if fo.Status == "open" || fo.Status == "in_progress" {
		actions = []any{"create_fulfillment", "move"}
	}
	return map[string]any{
		"id": fo.ID, "shop_id": 548380009, "order_id": o.id,
		"assigned_location_id": locationID, "request_status": "unsubmitted",
		"status": fo.Status, "supported_actions": actions,
		"destination": o.raw["shipping_address"], "line_items": items,
		"fulfill_at": nil, "fulfill_by": nil, "international_duties": nil,
		"fulfillment_holds": []any{}, "merchant_requests": []any{},
		"delivery_method": map[string]any{"id": fo.ID + 1, "method_type": "shipping"},
		"assigned_location": map[string]any{"location_id": locationID, "name": "Magazijn",
			"country_code": "NL"},
		"created_at": fo.CreatedAt.Format(time.RFC3339),
		"updated_at": fo.UpdatedAt.Format(time.RFC3339),
	}
}

// renderFulfillment returns the REST fulfilment resource of f.
func (o *orderState) renderFulfillment(f *Fulfillment) map[string]any {
	var items []any
	for _, fl := range f.Lines {
		li := map[string]any{"id": fl.LineItemID, "sku": fl.SKU}
		if l := o.line(fl.LineItemID); l != nil {
			li = maps.Clone(l.raw)
		}
		li["quantity"] = fl.Quantity
		items = append(items, li)
	}
	numbers, urls := []any{}, []any{}
	var number, link any
	if f.TrackingNumber != "" {
		numbers, number = []any{f.TrackingNumber}, f.TrackingNumber
	}
	if f.TrackingURL != "" {
		urls, link = []any{f.TrackingURL}, f.TrackingURL
	}
	var company any
	if f.TrackingCompany != "" {
		company = f.TrackingCompany
	}
	at := f.CreatedAt.Format(time.RFC3339)
	return map[string]any{
		"id": f.ID, "order_id": f.OrderID, "status": f.Status, "service": "manual",
		"name": fmt.Sprintf("%s.%d", o.name, o.indexOf(f)+1), "location_id": locationID,
		"tracking_company": company, "tracking_number": number, "tracking_numbers": numbers,
		"tracking_url": link, "tracking_urls": urls, "shipment_status": nil,
		"line_items": items, "created_at": at, "updated_at": at,
		"admin_graphql_api_id": fmt.Sprintf("gid://shopify/Fulfillment/%d", f.ID),
	}
}

// renderFulfillments returns the REST fulfilment resources of the order's
// fulfilments, oldest first.
func (o *orderState) renderFulfillments() []any {
	fs := []any{}
	for _, f := range o.fulfillments {
		fs = append(fs, o.renderFulfillment(f))
	}
	return fs
}

// indexOf returns the position of f among the order's fulfilments.
func (o *orderState) indexOf(f *Fulfillment) int {
	for i, g := range o.fulfillments {
		if g == f {
			return i
		}
	}
	return -1
}

// listFulfillmentOrders serves GET /orders/{id}/fulfillment_orders.json.
func (s *Server) listFulfillmentOrders(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.lookup(w, id)
	if !ok {
		return
	}
	fos := []any{}
	for _, fo := range o.fos {
		fos = append(fos, o.renderFO(fo))
	}
	writeJSON(w, http.StatusOK, map[string]any{"fulfillment_orders": fos})
}

// listFulfillments serves GET /orders/{id}/fulfillments.json.
func (s *Server) listFulfillments(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.lookup(w, id)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"fulfillments": o.renderFulfillments()})
}
