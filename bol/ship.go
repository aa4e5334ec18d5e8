package bol

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ordo-oms/ordo/channel"
)

// maxReference is the longest shipmentReference bol.com accepts.
const maxReference = 90

// transporters maps Ordo's carriers onto bol.com's transporter codes.
// PostNL's code is TNT for historic reasons; DPD and FedEx are sent as their
// Dutch entities.
var transporters = map[string]string{
	"postnl": "TNT",
	"dhl":    "DHL",
	"dpd":    "DPD-NL",
	"ups":    "UPS",
	"gls":    "GLS",
	"bpost":  "BPOST_BE",
	"fedex":  "FEDEX_NL",
}

// transporterCodes are bol.com's transporter codes, which a warehouse may
// send as they are. The v10 OpenAPI description types transporterCode as a
// plain string; this list is the one bol.com's shipment documentation has
// published.
var transporterCodes = []string{"BRIEFPOST", "UPS", "TNT", "TNT-EXTRA", "TNT_BRIEF",
	"TNT-EXPRESS", "DYL", "DPD-NL", "DPD-BE", "BPOST_BE", "BPOST_BRIEF", "DHLFORYOU", "GLS",
	"FEDEX_NL", "FEDEX_BE", "OTHER", "DHL", "DHL_DE", "DHL-GLOBAL-MAIL", "TSN", "FIEGE",
	"TRANSMISSION", "PARCEL-NL", "LOGOIX", "PACKS"}

// TransporterCode returns bol.com's code for an Ordo carrier: the mapped
// code for a carrier Ordo names, the carrier itself when it is a bol.com
// code, and OTHER for anything else.
func TransporterCode(carrier string) string {
	c := strings.TrimSpace(carrier)
	if code, ok := transporters[strings.ToLower(c)]; ok {
		return code
	}
	if up := strings.ToUpper(c); slices.Contains(transporterCodes, up) {
		return up
	}
	return "OTHER"
}

// shipmentRequest is the body of POST /retailer/shipments.
type shipmentRequest struct {
	OrderItems        []shipmentItem `json:"orderItems"`
	ShipmentReference string         `json:"shipmentReference,omitempty"`
	Transport         transport      `json:"transport"`
}

type shipmentItem struct {
	OrderItemID string `json:"orderItemId"`
	Quantity    int64  `json:"quantity"`
}

type transport struct {
	TransporterCode string `json:"transporterCode"`
	TrackAndTrace   string `json:"trackAndTrace,omitempty"`
}

// Reference returns the shipmentReference Ship sends for an Ordo shipment
// key: the key itself, or, for a key longer than bol.com's 90 characters,
// "ordo-" and a hash of it.
func Reference(key string) string {
	if len(key) <= maxReference {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "ordo-" + hex.EncodeToString(sum[:20])
}

// shipment checks s and returns the body that confirms it.
func (c *Client) shipment(s channel.Shipment) (shipmentRequest, error) {
	bad := func(why string) error {
		return &channel.PermanentError{Channel: c.opts.ChannelID,
			Detail: fmt.Sprintf("shipment %q %s", s.Key, why)}
	}
	switch {
	case strings.TrimSpace(s.Key) == "":
		return shipmentRequest{}, bad("has no key")
	case s.OrderID == "":
		return shipmentRequest{}, bad("has no order id")
	case len(s.Lines) == 0 || len(s.Lines) > 100:
		return shipmentRequest{}, bad(fmt.Sprintf("has %d lines; bol.com takes 1 to 100",
			len(s.Lines)))
	}
	body := shipmentRequest{
		ShipmentReference: Reference(s.Key),
		Transport: transport{TransporterCode: TransporterCode(s.Carrier),
			TrackAndTrace: s.TrackingNumber},
	}
	for _, l := range s.Lines {
		if l.LineID == "" || l.Quantity <= 0 {
			return shipmentRequest{}, bad(fmt.Sprintf(
				"has a line %q with quantity %d; each needs an order item id and a quantity",
				l.LineID, l.Quantity))
		}
		body.OrderItems = append(body.OrderItems,
			shipmentItem{OrderItemID: l.LineID, Quantity: l.Quantity})
	}
	return body, nil
}

// shipmentLookup is the request that finds an order's shipments.
func shipmentLookup(orderID string, page int) request {
	return request{method: http.MethodGet, path: "/retailer/shipments",
		query: url.Values{"order-id": {orderID}, "page": {strconv.Itoa(page)}}}
}

// shipmentPost is the request that confirms the shipment body.
func shipmentPost(body shipmentRequest) request {
	return request{method: http.MethodPost, path: "/retailer/shipments", body: body}
}

// PlanShipment returns the requests Ship makes for s: the lookup of the
// order's shipments and the shipment itself. The reads of the order and of
// the process status that may follow are not listed, for they depend on
// the answers.
func (c *Client) PlanShipment(s channel.Shipment) ([]channel.Request, error) {
	body, err := c.shipment(s)
	if err != nil {
		return nil, fmt.Errorf("bol: plan shipment %s: %w", s.Key, err)
	}
	reqs, err := c.plan(shipmentLookup(s.OrderID, 1), shipmentPost(body))
	if err != nil {
		return nil, fmt.Errorf("bol: plan shipment %s: %w", s.Key, err)
	}
	return reqs, nil
}

// Ship confirms s at bol.com, at most once. It returns a duplicate
// confirmation, sending nothing, when a shipment with s's reference exists
// for the order or when bol.com reports every line of s shipped already;
// else it posts the shipment and waits for its process status. A FAILURE is
// a *channel.PermanentError with bol.com's message; a process status still
// PENDING after PollAttempts reads is a plain error, and the next Ship finds
// the shipment rather than sending it again.
func (c *Client) Ship(ctx context.Context, s channel.Shipment) (channel.Confirmation, error) {
	body, err := c.shipment(s)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("bol: ship %s: %w", s.Key, err)
	}
	if conf, done, err := c.shippedAlready(ctx, s, body.ShipmentReference); err != nil || done {
		return conf, err
	}
	status, err := c.process(ctx, shipmentPost(body))
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("bol: ship %s: %w", s.Key, err)
	}
	return channel.Confirmation{Reference: status.ID, Detail: status.Description}, nil
}

// shippedAlready reports whether bol.com has s already, with the
// confirmation to return then: when the order has a shipment with s's
// reference, or when no line of s has a quantity left to ship. The second
// test covers an earlier attempt whose shipment bol.com has applied but not
// yet listed; a line unknown to bol.com or with quantity left is posted, for
// bol.com to judge.
func (c *Client) shippedAlready(ctx context.Context, s channel.Shipment, ref string) (
	channel.Confirmation, bool, error) {
	id, err := c.findShipment(ctx, s.OrderID, ref)
	if err != nil {
		return channel.Confirmation{}, false, fmt.Errorf("bol: ship %s: %w", s.Key, err)
	}
	if id != "" {
		return channel.Confirmation{Reference: id, Duplicate: true,
			Detail: "bol.com has shipment " + id + " with reference " + ref}, true, nil
	}
	open, err := c.openQuantities(ctx, s.OrderID)
	if err != nil {
		return channel.Confirmation{}, false, fmt.Errorf("bol: ship %s: %w", s.Key, err)
	}
	for _, l := range s.Lines {
		if q, known := open[l.LineID]; !known || q > 0 {
			return channel.Confirmation{}, false, nil
		}
	}
	return channel.Confirmation{Duplicate: true,
		Detail: "bol.com reports every order item of this shipment handled already"}, true, nil
}

// findShipment returns the id of the order's shipment with reference ref,
// or "" when there is none, reading every page of the order's shipments.
func (c *Client) findShipment(ctx context.Context, orderID, ref string) (string, error) {
	for page := 1; ; page++ {
		var list shipmentList
		if err := c.send(ctx, shipmentLookup(orderID, page), &list); err != nil {
			return "", err
		}
		for _, sh := range list.Shipments {
			if sh.ShipmentReference == ref && sh.Order.OrderID == orderID {
				return scalar(sh.ShipmentID), nil
			}
		}
		if len(list.Shipments) < 50 {
			return "", nil
		}
	}
}

// openQuantities returns, per order item, the quantity neither shipped nor
// cancelled, from GET /retailer/orders/{order-id}.
func (c *Client) openQuantities(ctx context.Context, orderID string) (map[string]int64, error) {
	var p orderPayload
	r := orderRead(orderID)
	if err := c.send(ctx, r, &p); err != nil {
		return nil, err
	}
	rd := &reader{}
	open := map[string]int64{}
	for i, it := range p.OrderItems {
		where := fmt.Sprintf("orderItems[%d]", i)
		open[it.OrderItemID] = rd.whole(where+".quantity", it.Quantity) -
			rd.whole(where+".quantityShipped", it.QuantityShipped) -
			rd.whole(where+".quantityCancelled", it.QuantityCancelled)
	}
	return open, rd.err
}
