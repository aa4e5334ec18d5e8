package shopify

import (
	"context"
	"net/http"
)

// fulfillmentOrder is the part of Shopify's fulfilment-order resource that
// Ship reads: which of the order's items a location is to send, and how
// many of each are still to go.
type fulfillmentOrder struct {
	ID                 int64  `json:"id"`
	Status             string `json:"status"`
	AssignedLocationID int64  `json:"assigned_location_id"`
	LineItems          []struct {
		ID                  int64 `json:"id"`
		LineItemID          int64 `json:"line_item_id"`
		FulfillableQuantity int64 `json:"fulfillable_quantity"`
	} `json:"line_items"`
}

// open reports whether items of fo can be fulfilled now. Scheduled and
// on-hold fulfilment orders, and closed and cancelled ones, cannot.
func (fo *fulfillmentOrder) open() bool {
	return fo.Status == "open" || fo.Status == "in_progress"
}

// fulfillmentOrders reads the fulfilment orders of an order with GET
// /orders/{id}/fulfillment_orders.json.
func (a *Admin) fulfillmentOrders(ctx context.Context, orderID string) ([]fulfillmentOrder, error) {
	var body struct {
		FulfillmentOrders []fulfillmentOrder `json:"fulfillment_orders"`
	}
	path := fulfillmentOrdersPath(orderID)
	if _, err := a.call(ctx, http.MethodGet, path, nil, nil, &body); err != nil {
		return nil, err
	}
	return body.FulfillmentOrders, nil
}

// fulfillmentOrdersPath is the path of an order's fulfilment orders, which
// Ship reads and PlanShipment names.
func fulfillmentOrdersPath(orderID string) string {
	return "/orders/" + orderID + "/fulfillment_orders.json"
}

// allocate takes the quantities of lines from the fulfillable quantities
// of the open fulfilment orders, first come first served, and groups them
// by fulfilment order as POST /fulfillments.json wants them. Shopify
// fulfils only fulfilment orders at one location together, and one
// tracking number must make one fulfilment for Ship to find it again, so
// a parcel spread over locations is refused rather than split.
func (a *Admin) allocate(lines []wanted, fos []fulfillmentOrder) ([]fulfillmentOrderItems, error) {
	left := map[int64]int64{} // fulfilment-order line item id → quantity still free
	var groups []fulfillmentOrderItems
	location := int64(-1)
	for _, w := range lines {
		need := w.quantity
		for i := range fos {
			fo := &fos[i]
			if !fo.open() {
				continue
			}
			for _, li := range fo.LineItems {
				if li.LineItemID != w.lineItemID || need == 0 {
					continue
				}
				free, seen := left[li.ID]
				if !seen {
					free = li.FulfillableQuantity
				}
				take := min(free, need)
				if take <= 0 {
					continue
				}
				if location >= 0 && fo.AssignedLocationID != location {
					return nil, a.refuse("the parcel's lines are assigned to different Shopify " +
						"locations; Shopify fulfils one location at a time")
				}
				location = fo.AssignedLocationID
				left[li.ID] = free - take
				need -= take
				groups = addItem(groups, fo.ID, itemQty{ID: li.ID, Quantity: take})
			}
		}
		if need > 0 {
			return nil, a.refuse("line item %d: %d to ship but only %d left to fulfil in "+
				"open fulfilment orders", w.lineItemID, w.quantity, w.quantity-need)
		}
	}
	return groups, nil
}

// addItem adds item to the group of fulfilment order foID, starting the
// group when there is none yet.
func addItem(groups []fulfillmentOrderItems, foID int64, item itemQty) []fulfillmentOrderItems {
	for i := range groups {
		if groups[i].FulfillmentOrderID == foID {
			groups[i].Items = append(groups[i].Items, item)
			return groups
		}
	}
	return append(groups, fulfillmentOrderItems{FulfillmentOrderID: foID, Items: []itemQty{item}})
}
