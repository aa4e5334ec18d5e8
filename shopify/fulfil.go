package shopify

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
)

// trackingCompanies are Shopify's names, from its list of supported
// tracking companies, for the carriers Ordo knows. For these Shopify builds
// the tracking link itself. DHL is DHL Express, the DHL name Shopify offers
// to shops in every country; "DHL Parcel" and "DHL eCommerce" are on the
// list too, for some countries, but Ordo does not tell DHL's services apart.
var trackingCompanies = map[order.Carrier]string{
	order.CarrierPostNL: "PostNL",
	order.CarrierDHL:    "DHL Express",
	order.CarrierDPD:    "DPD",
	order.CarrierUPS:    "UPS",
	order.CarrierFedEx:  "FedEx",
	order.CarrierGLS:    "GLS",
	order.CarrierBpost:  "BPost",
	order.CarrierUSPS:   "USPS",
}

// trackingCompany returns Shopify's name for an Ordo carrier. A carrier
// Ordo has no name for is sent in the warehouse's own words, which Shopify
// accepts but cannot link, and "any" or nothing is not sent at all.
func trackingCompany(carrier string) string {
	c := order.Carrier(strings.ToLower(strings.TrimSpace(carrier)))
	if name, ok := trackingCompanies[c]; ok {
		return name
	}
	if c == order.CarrierAny {
		return ""
	}
	return strings.TrimSpace(carrier)
}

// fulfillmentRequest is the body of POST /fulfillments.json.
type fulfillmentRequest struct {
	Fulfillment struct {
		LineItemsByFulfillmentOrder []fulfillmentOrderItems `json:"line_items_by_fulfillment_order"`
		TrackingInfo                trackingInfo            `json:"tracking_info"`
		NotifyCustomer              bool                    `json:"notify_customer"`
	} `json:"fulfillment"`
}

// fulfillmentOrderItems are the items to fulfil of one fulfilment order.
// PlanShipment, which cannot know the fulfilment orders, leaves out
// FulfillmentOrderID and names each item by its order line item id.
type fulfillmentOrderItems struct {
	FulfillmentOrderID int64     `json:"fulfillment_order_id,omitempty"`
	Items              []itemQty `json:"fulfillment_order_line_items"`
}

// itemQty is a quantity of a fulfilment-order line item (ID), or, in a
// plan, of an order line item (LineItemID).
type itemQty struct {
	ID         int64 `json:"id,omitempty"`
	LineItemID int64 `json:"line_item_id,omitempty"`
	Quantity   int64 `json:"quantity"`
}

type trackingInfo struct {
	Number  string `json:"number"`
	URL     string `json:"url,omitempty"`
	Company string `json:"company,omitempty"`
}

// wanted is a quantity of one order line item to ship.
type wanted struct {
	lineItemID int64
	quantity   int64
}

// PlanShipment returns the requests Ship makes for s, without sending
// any: the two reads, of the order's fulfilments and of its fulfilment
// orders, and the POST /fulfillments.json. Which fulfilment orders hold
// the parcel's lines is known only from the second read, so the planned
// POST has a single entry in line_items_by_fulfillment_order, without a
// fulfillment_order_id, naming each item by its order line item id
// (line_item_id) where Ship sends the fulfilment-order line item's id.
func (a *Admin) PlanShipment(s channel.Shipment) ([]channel.Request, error) {
	lines, err := a.checkShipment(s)
	if err != nil {
		return nil, fmt.Errorf("shopify: plan shipment %s: %w", s.Key, err)
	}
	items := make([]itemQty, 0, len(lines))
	for _, w := range lines {
		items = append(items, itemQty{LineItemID: w.lineItemID, Quantity: w.quantity})
	}
	body, err := json.Marshal(newFulfillment(s, []fulfillmentOrderItems{{Items: items}}))
	if err != nil {
		return nil, fmt.Errorf("shopify: plan shipment %s: %w", s.Key, err)
	}
	return []channel.Request{
		{Method: http.MethodGet, URL: a.base + fulfillmentsPath(s.OrderID) + "?limit=250"},
		{Method: http.MethodGet, URL: a.base + fulfillmentOrdersPath(s.OrderID)},
		{Method: http.MethodPost, URL: a.base + "/fulfillments.json", Body: body},
	}, nil
}

// Ship confirms s to Shopify as a fulfilment with its tracking, and has
// Shopify notify the customer. Shopify's REST API takes no idempotency key
// for fulfilments, so Ship looks first: a fulfilment of the order that is
// not cancelled and already carries s.TrackingNumber is the one an earlier
// attempt made, and Ship returns it as a Duplicate. Otherwise it reads the
// order's fulfilment orders, takes the parcel's quantities from the open
// and in-progress ones, and posts one fulfilment. A parcel without a
// tracking number, with lines Shopify cannot fulfil, or spread over
// fulfilment orders at different locations gives a *channel.PermanentError.
func (a *Admin) Ship(ctx context.Context, s channel.Shipment) (channel.Confirmation, error) {
	lines, err := a.checkShipment(s)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("shopify: ship %s: %w", s.Key, err)
	}
	if f, ok, err := a.findFulfillment(ctx, s.OrderID, s.TrackingNumber); err != nil {
		return channel.Confirmation{}, fmt.Errorf("shopify: ship %s: %w", s.Key, err)
	} else if ok {
		return channel.Confirmation{Reference: strconv.FormatInt(f.ID, 10), Detail: f.Status,
			Duplicate: true}, nil
	}
	fos, err := a.fulfillmentOrders(ctx, s.OrderID)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("shopify: ship %s: %w", s.Key, err)
	}
	groups, err := a.allocate(lines, fos)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("shopify: ship %s: %w", s.Key, err)
	}
	var created struct {
		Fulfillment fulfillment `json:"fulfillment"`
	}
	_, err = a.call(ctx, http.MethodPost, "/fulfillments.json", nil,
		newFulfillment(s, groups), &created)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("shopify: ship %s: %w", s.Key, err)
	}
	return channel.Confirmation{Reference: strconv.FormatInt(created.Fulfillment.ID, 10),
		Detail: created.Fulfillment.Status}, nil
}

// newFulfillment returns the body that posts s as a fulfilment of groups.
func newFulfillment(s channel.Shipment, groups []fulfillmentOrderItems) fulfillmentRequest {
	var r fulfillmentRequest
	r.Fulfillment.LineItemsByFulfillmentOrder = groups
	r.Fulfillment.TrackingInfo = trackingInfo{
		Number:  s.TrackingNumber,
		URL:     s.TrackingURL,
		Company: trackingCompany(s.Carrier),
	}
	r.Fulfillment.NotifyCustomer = true
	return r
}

// checkShipment checks what Ship needs of s and returns its lines as
// Shopify line item ids, a line named twice added up.
func (a *Admin) checkShipment(s channel.Shipment) ([]wanted, error) {
	if err := a.validID("order id", s.OrderID); err != nil {
		return nil, err
	}
	if strings.TrimSpace(s.TrackingNumber) == "" {
		return nil, a.refuse("shipment has no tracking number; Ordo needs it to recognise " +
			"a fulfilment it made before, as Shopify takes no idempotency key")
	}
	if len(s.Lines) == 0 {
		return nil, a.refuse("shipment has no lines")
	}
	var lines []wanted
	for _, l := range s.Lines {
		id, err := strconv.ParseInt(l.LineID, 10, 64)
		if err != nil || id <= 0 {
			return nil, a.refuse("line id %q is not a Shopify line item id", l.LineID)
		}
		if l.Quantity <= 0 {
			return nil, a.refuse("line %s has quantity %d", l.LineID, l.Quantity)
		}
		i := slices.IndexFunc(lines, func(w wanted) bool { return w.lineItemID == id })
		if i < 0 {
			lines = append(lines, wanted{lineItemID: id, quantity: l.Quantity})
		} else {
			lines[i].quantity += l.Quantity
		}
	}
	return lines, nil
}

// fulfillment is the part of Shopify's fulfilment resource Ordo reads.
type fulfillment struct {
	ID              int64    `json:"id"`
	Status          string   `json:"status"`
	TrackingNumber  string   `json:"tracking_number"`
	TrackingNumbers []string `json:"tracking_numbers"`
}

// findFulfillment returns the order's fulfilment with trackingNumber that
// still stands: one not cancelled and not failed.
func (a *Admin) findFulfillment(ctx context.Context, orderID,
	trackingNumber string) (fulfillment, bool, error) {
	var body struct {
		Fulfillments []fulfillment `json:"fulfillments"`
	}
	q := url.Values{"limit": {"250"}}
	if _, err := a.call(ctx, http.MethodGet, fulfillmentsPath(orderID), q, nil, &body); err != nil {
		return fulfillment{}, false, err
	}
	for _, f := range body.Fulfillments {
		switch f.Status {
		case "cancelled", "error", "failure":
			continue
		}
		if f.TrackingNumber == trackingNumber || slices.Contains(f.TrackingNumbers, trackingNumber) {
			return f, true, nil
		}
	}
	return fulfillment{}, false, nil
}

func fulfillmentsPath(orderID string) string {
	return "/orders/" + orderID + "/fulfillments.json"
}
