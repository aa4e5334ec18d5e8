package shopifytest

import (
	"fmt"
	"net/http"
)

// fulfillmentBody is the body of POST /fulfillments.json.
type fulfillmentBody struct {
	Fulfillment struct {
		LineItemsByFulfillmentOrder []struct {
			FulfillmentOrderID int64         `json:"fulfillment_order_id"`
			Items              []itemRequest `json:"fulfillment_order_line_items"`
		} `json:"line_items_by_fulfillment_order"`
		TrackingInfo struct {
			Number  string `json:"number"`
			URL     string `json:"url"`
			Company string `json:"company"`
		} `json:"tracking_info"`
		NotifyCustomer bool `json:"notify_customer"`
	} `json:"fulfillment"`
}

// itemRequest is a quantity of a fulfilment-order line item that POST
// /fulfillments.json asks to fulfil.
type itemRequest struct {
	ID       int64 `json:"id"`
	Quantity int64 `json:"quantity"`
}

// take is a quantity to fulfil of one fulfilment-order line item.
type take struct {
	fo   *fulfillmentOrder
	item *foItem
	qty  int64
}

// createFulfillment serves POST /fulfillments.json. It checks what Shopify
// documents: every fulfilment order named once, all of one order, open or
// in progress, and each quantity at most what is left to fulfil; an entry
// without line items fulfils all that is left of its fulfilment order.
// Shopify documents no wording for these refusals, so the messages are the
// fake's own, in its 422 shape of a list of strings.
func (s *Server) createFulfillment(w http.ResponseWriter, r *http.Request) {
	var body fulfillmentBody
	if !readBody(w, r, "fulfillment", &body) {
		return
	}
	in := body.Fulfillment
	if len(in.LineItemsByFulfillmentOrder) == 0 {
		writeErrors(w, http.StatusBadRequest, map[string]string{
			"line_items_by_fulfillment_order": "Required parameter missing or invalid"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var o *orderState
	var takes []take
	seen := map[int64]bool{}
	for _, group := range in.LineItemsByFulfillmentOrder {
		owner, fo := s.findFO(group.FulfillmentOrderID)
		switch {
		case fo == nil:
			writeErrors(w, http.StatusNotFound, "Not Found")
			return
		case seen[fo.ID]:
			unprocessable(w, "Fulfillment order %d is named more than once.", fo.ID)
			return
		case o != nil && owner != o:
			unprocessable(w, "All fulfillment orders must belong to the same order.")
			return
		case fo.Status != "open" && fo.Status != "in_progress":
			unprocessable(w, "Fulfillment order %d has an unfulfillable status= %s.",
				fo.ID, fo.Status)
			return
		}
		o, seen[fo.ID] = owner, true
		got, refusal := takesOf(fo, group.Items)
		if refusal != "" {
			unprocessable(w, "%s", refusal)
			return
		}
		takes = append(takes, got...)
	}
	info := in.TrackingInfo
	f := &Fulfillment{ID: s.newID(), OrderID: o.id, Status: "success",
		TrackingCompany: info.Company, TrackingNumber: info.Number, TrackingURL: info.URL,
		NotifyCustomer: in.NotifyCustomer}
	s.apply(o, f, takes)
	writeJSON(w, http.StatusCreated, map[string]any{"fulfillment": o.renderFulfillment(f)})
}

// takesOf checks the items asked of fo, all that is left when none are,
// and returns them, or the message that refuses them.
func takesOf(fo *fulfillmentOrder, items []itemRequest) ([]take, string) {
	var out []take
	if len(items) == 0 {
		for _, it := range fo.Items {
			if it.fulfillable > 0 {
				out = append(out, take{fo: fo, item: it, qty: it.fulfillable})
			}
		}
		return out, ""
	}
	for _, want := range items {
		var it *foItem
		for _, c := range fo.Items {
			if c.id == want.ID {
				it = c
			}
		}
		if it == nil {
			return nil, fmt.Sprintf("Fulfillment order line item %d is not in fulfillment order %d.",
				want.ID, fo.ID)
		}
		if want.Quantity <= 0 || want.Quantity > it.fulfillable {
			return nil, fmt.Sprintf("Invalid fulfillment order line item quantity requested: "+
				"%d of line item %d, %d left to fulfill.", want.Quantity, want.ID, it.fulfillable)
		}
		out = append(out, take{fo: fo, item: it, qty: want.Quantity})
	}
	return out, ""
}

// apply records f and what it fulfils. The caller holds s.mu.
func (s *Server) apply(o *orderState, f *Fulfillment, takes []take) {
	now := s.opts.Now()
	o.touch(now)
	f.CreatedAt = o.updatedAt
	for _, t := range takes {
		t.item.fulfillable -= t.qty
		l := o.line(t.item.lineItemID)
		l.fulfilled += t.qty
		f.Lines = append(f.Lines, FulfilledLine{LineItemID: l.id, SKU: l.sku, Quantity: t.qty})
	}
	for _, fo := range o.fos {
		left := int64(0)
		for _, it := range fo.Items {
			left += it.fulfillable
		}
		switch {
		case left == 0 && fo.Status != "closed":
			fo.Status, fo.UpdatedAt = "closed", o.updatedAt
		case left > 0 && fo.Status == "open" && touched(fo, takes):
			fo.Status, fo.UpdatedAt = "in_progress", o.updatedAt
		}
	}
	o.fulfillments = append(o.fulfillments, f)
}

// touched reports whether takes fulfil anything of fo.
func touched(fo *fulfillmentOrder, takes []take) bool {
	for _, t := range takes {
		if t.fo == fo {
			return true
		}
	}
	return false
}

// findFO returns the fulfilment order with id and its order, or nils.
// The caller holds s.mu.
func (s *Server) findFO(id int64) (*orderState, *fulfillmentOrder) {
	for _, o := range s.orders {
		for _, fo := range o.fos {
			if fo.ID == id {
				return o, fo
			}
		}
	}
	return nil, nil
}

// unprocessable answers 422 with one message in a list.
func unprocessable(w http.ResponseWriter, format string, args ...any) {
	writeErrors(w, http.StatusUnprocessableEntity, []string{fmt.Sprintf(format, args...)})
}
