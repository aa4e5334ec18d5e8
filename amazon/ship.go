package amazon

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
)

// carrierCodes maps Ordo's carriers to the CarrierCode values Amazon lists
// for shipment confirmations (amzn-base.xsd). PostNL and bpost are not in
// that list and go as "Other" with their name in carrierName.
var carrierCodes = map[order.Carrier]string{
	order.CarrierDHL:   "DHL",
	order.CarrierDPD:   "DPD",
	order.CarrierUPS:   "UPS",
	order.CarrierGLS:   "GLS",
	order.CarrierFedEx: "FedEx",
	order.CarrierUSPS:  "USPS",
}

// carrierNames are the names sent with CarrierCode "Other".
var carrierNames = map[order.Carrier]string{
	order.CarrierPostNL: "PostNL",
	order.CarrierBpost:  "bpost",
}

// confirmRequest is the body of confirmShipment.
type confirmRequest struct {
	PackageDetail packageDetail `json:"packageDetail"`
	MarketplaceID string        `json:"marketplaceId"`
}

type packageDetail struct {
	PackageReferenceID string        `json:"packageReferenceId"`
	CarrierCode        string        `json:"carrierCode"`
	CarrierName        string        `json:"carrierName,omitempty"`
	TrackingNumber     string        `json:"trackingNumber"`
	ShipDate           string        `json:"shipDate"`
	OrderItems         []confirmItem `json:"orderItems"`
}

type confirmItem struct {
	OrderItemID string `json:"orderItemId"`
	Quantity    int64  `json:"quantity"`
}

// PackageReferenceID returns the packageReferenceId Ordo sends for the
// shipment with key: a positive decimal integer derived from the SHA-256
// of the key, below 2^31 so that Amazon's checks for a positive numeric
// value (their only documented constraint; no length is documented) hold
// under any reading. Every attempt to confirm one shipment thus names the
// same package.
func PackageReferenceID(key string) string {
	sum := sha256.Sum256([]byte(key))
	n := binary.BigEndian.Uint64(sum[:8])%(1<<31-1) + 1
	return strconv.FormatUint(n, 10)
}

// PlanShipment returns the confirmShipment request that Ship would send
// for s, without sending it. It names the first configured marketplace;
// Ship sends the order's own, which is the same when one is configured. An
// incomplete shipment gives a *channel.PermanentError.
func (c *Client) PlanShipment(s channel.Shipment) ([]channel.Request, error) {
	body, err := c.confirmBody(s, c.marketplaces[0])
	if err != nil {
		return nil, err
	}
	return []channel.Request{{Method: http.MethodPost, URL: c.endpoint + confirmPath(s.OrderID),
		Body: body}}, nil
}

// Ship confirms s at Amazon. SP-API offers no idempotency key, so Ship
// looks before it writes, and after a refusal: it reads the order's items
// first and answers Duplicate, without sending, when Amazon already counts
// every item of the parcel as shipped in full. It then sends
// confirmShipment with the packageReferenceId derived from s.Key. When
// Amazon refuses that with 400 saying the package or order is "already"
// done, and its items now show at least the parcel's quantities shipped,
// an earlier attempt got through and Ship answers Duplicate too. Amazon
// does not document the refusal of a reused packageReferenceId; both
// conditions are required so that a second parcel of a partly shipped
// order refused for another reason is not taken for a duplicate. Orders
// that Amazon fulfils itself (AFN) are refused.
func (c *Client) Ship(ctx context.Context, s channel.Shipment) (channel.Confirmation, error) {
	ref := PackageReferenceID(s.Key)
	p, err := c.getOrder(ctx, s.OrderID)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("amazon: ship order %s: %w", s.OrderID, err)
	}
	if p.FulfillmentChannel == "AFN" {
		return channel.Confirmation{}, &channel.PermanentError{Channel: c.channelID,
			Detail: "order " + s.OrderID + " is fulfilled by Amazon (AFN); Amazon ships it"}
	}
	body, err := c.confirmBody(s, p.MarketplaceID)
	if err != nil {
		return channel.Confirmation{}, err
	}
	done, err := c.shipped(ctx, s, true)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("amazon: ship order %s: %w", s.OrderID, err)
	}
	if done {
		return channel.Confirmation{Reference: ref, Duplicate: true,
			Detail: "Amazon already counts these items as shipped"}, nil
	}
	err = c.call(ctx, opConfirmShipment, http.MethodPost, confirmPath(s.OrderID), nil, body, nil)
	if err == nil {
		return channel.Confirmation{Reference: ref}, nil
	}
	var perm *channel.PermanentError
	if errors.As(err, &perm) && perm.Status == http.StatusBadRequest &&
		strings.Contains(strings.ToLower(perm.Detail), "already") {
		if done, serr := c.shipped(ctx, s, false); serr == nil && done {
			return channel.Confirmation{Reference: ref, Duplicate: true, Detail: perm.Detail}, nil
		}
	}
	return channel.Confirmation{}, fmt.Errorf("amazon: confirm shipment %s of order %s: %w",
		s.Key, s.OrderID, err)
}

// shipped reports whether Amazon counts every line of s as shipped: in
// full (QuantityShipped reaches QuantityOrdered) when full is set, else at
// least in the parcel's quantity.
func (c *Client) shipped(ctx context.Context, s channel.Shipment, full bool) (bool, error) {
	items, err := c.getOrderItems(ctx, s.OrderID)
	if err != nil {
		return false, err
	}
	byID := map[string]itemPayload{}
	for _, it := range items {
		byID[it.OrderItemID] = it
	}
	for _, l := range s.Lines {
		it, ok := byID[l.LineID]
		need := l.Quantity
		if full {
			need = max(it.QuantityOrdered, 1)
		}
		if !ok || it.QuantityShipped < need {
			return false, nil
		}
	}
	return true, nil
}

// confirmBody builds the confirmShipment body for s, or a
// *channel.PermanentError naming what s lacks.
func (c *Client) confirmBody(s channel.Shipment, marketplace string) ([]byte, error) {
	refuse := func(format string, args ...any) error {
		return &channel.PermanentError{Channel: c.channelID,
			Detail: "shipment " + s.Key + ": " + fmt.Sprintf(format, args...)}
	}
	switch {
	case strings.TrimSpace(s.Key) == "":
		return nil, refuse("no key")
	case strings.TrimSpace(s.OrderID) == "":
		return nil, refuse("no order id")
	case strings.TrimSpace(s.TrackingNumber) == "":
		return nil, refuse("no tracking number")
	case len(s.Lines) == 0:
		return nil, refuse("no lines")
	}
	code, name := amazonCarrier(s.Carrier)
	if code == "Other" && name == "" {
		return nil, refuse("no carrier; Amazon needs one")
	}
	shipped := s.ShippedAt
	if shipped.IsZero() {
		shipped = c.now()
	}
	d := packageDetail{PackageReferenceID: PackageReferenceID(s.Key), CarrierCode: code,
		CarrierName: name, TrackingNumber: strings.TrimSpace(s.TrackingNumber),
		ShipDate: shipped.UTC().Format(time.RFC3339)}
	for _, l := range s.Lines {
		if l.LineID == "" || l.Quantity <= 0 {
			return nil, refuse("line %q has quantity %d", l.LineID, l.Quantity)
		}
		d.OrderItems = append(d.OrderItems, confirmItem{OrderItemID: l.LineID, Quantity: l.Quantity})
	}
	return json.Marshal(confirmRequest{PackageDetail: d, MarketplaceID: marketplace})
}

// amazonCarrier returns the carrierCode and carrierName for a carrier as
// Ordo names it. A carrier Amazon does not list goes as "Other" with the
// name Ordo had for it.
func amazonCarrier(carrier string) (code, name string) {
	c := order.Carrier(strings.ToLower(strings.TrimSpace(carrier)))
	if code, ok := carrierCodes[c]; ok {
		return code, ""
	}
	if name, ok := carrierNames[c]; ok {
		return "Other", name
	}
	return "Other", strings.TrimSpace(carrier)
}

// confirmPath is the confirmShipment path of an order.
func confirmPath(orderID string) string {
	return "/orders/v0/orders/" + url.PathEscape(orderID) + "/shipmentConfirmation"
}
