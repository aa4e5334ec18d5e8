package square

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// updateRequest is the body of Update Order: a sparse order with only the
// fields to change, the order's current version, and a key that makes
// sending it again harmless.
type updateRequest struct {
	IdempotencyKey string      `json:"idempotency_key"`
	Order          updateOrder `json:"order"`
}

type updateOrder struct {
	LocationID   string              `json:"location_id"`
	Version      int64               `json:"version"`
	Fulfillments []updateFulfillment `json:"fulfillments"`
}

type updateFulfillment struct {
	UID             string          `json:"uid"`
	State           string          `json:"state"`
	ShipmentDetails shipmentDetails `json:"shipment_details"`
}

// maxVersionRetries bounds how often Ship reads the order again when
// someone else changed it between its read and its update.
const maxVersionRetries = 3

// PlanShipment returns the two calls Ship makes for s: Retrieve Order,
// and Update Order completing the shipment fulfilment. The order's version
// and the fulfilment's uid come from the first call, so the planned update
// shows them as 0 and empty.
func (c *Client) PlanShipment(s channel.Shipment) ([]channel.Request, error) {
	if err := checkShipment(s); err != nil {
		return nil, err
	}
	body, err := json.Marshal(updateBody(s, &sqOrder{}, ""))
	if err != nil {
		return nil, fmt.Errorf("square: plan shipment %s: %w", s.Key, err)
	}
	u := c.endpoint("/v2/orders/" + url.PathEscape(s.OrderID))
	return []channel.Request{
		{Method: http.MethodGet, URL: u},
		{Method: http.MethodPut, URL: u, Body: body},
	}, nil
}

// Ship marks the order's SHIPMENT fulfilment COMPLETED with s's carrier,
// tracking and time. It reads the order first, for Update Order needs its
// current version. A fulfilment already completed with s's tracking number
// is not written again: Ship answers Duplicate. The idempotency key, the
// same for every attempt with s.Key, makes Square answer a repeated update
// with the order as the first one left it. Square keeps one tracking
// number per fulfilment, so a second parcel for a completed fulfilment is
// refused with a *channel.PermanentError.
func (c *Client) Ship(ctx context.Context, s channel.Shipment) (channel.Confirmation, error) {
	if err := checkShipment(s); err != nil {
		return channel.Confirmation{}, err
	}
	if s.ShippedAt.IsZero() {
		s.ShippedAt = c.opts.Now()
	}
	for attempt := 0; ; attempt++ {
		conf, err := c.shipOnce(ctx, s)
		if err == nil || !hasCode(err, "VERSION_MISMATCH") {
			return conf, err
		}
		if attempt == maxVersionRetries {
			// Someone keeps changing the order; later may be calmer.
			// It is not wrapped: a *channel.PermanentError inside would
			// stop Ordo from trying again.
			return conf, fmt.Errorf("square: ship order %s: the order kept changing: %v",
				s.OrderID, err)
		}
	}
}

// shipOnce reads the order and updates its fulfilment once.
func (c *Client) shipOnce(ctx context.Context, s channel.Shipment) (channel.Confirmation, error) {
	so, err := c.retrieve(ctx, s.OrderID)
	if err != nil {
		return channel.Confirmation{}, fmt.Errorf("square: ship: %w", err)
	}
	f, err := c.shipmentFulfillment(so, s)
	if err != nil {
		return channel.Confirmation{}, err
	}
	if f.State == "COMPLETED" {
		return channel.Confirmation{Reference: f.UID, Duplicate: true,
			Detail: "the fulfilment is already completed with this tracking number"}, nil
	}
	var resp struct {
		Order *sqOrder `json:"order"`
	}
	path := "/v2/orders/" + url.PathEscape(s.OrderID)
	if err := c.do(ctx, http.MethodPut, path, updateBody(s, so, f.UID), &resp); err != nil {
		return channel.Confirmation{}, fmt.Errorf("square: ship order %s: %w", s.OrderID, err)
	}
	conf := channel.Confirmation{Reference: f.UID}
	if resp.Order != nil {
		conf.Detail = fmt.Sprintf("order version %d", resp.Order.Version)
	}
	return conf, nil
}

// shipmentFulfillment picks the SHIPMENT fulfilment s completes: one that
// is completed with s's tracking number already, else the open one whose
// entries hold s's first line, else the first open one.
func (c *Client) shipmentFulfillment(so *sqOrder, s channel.Shipment) (*fulfillment, error) {
	var open []*fulfillment
	for i := range so.Fulfillments {
		f := &so.Fulfillments[i]
		if f.Type != "SHIPMENT" {
			continue
		}
		switch f.State {
		case "COMPLETED":
			if f.ShipmentDetails != nil && f.ShipmentDetails.TrackingNumber == s.TrackingNumber {
				return f, nil
			}
		case "CANCELED", "FAILED":
		default:
			open = append(open, f)
		}
	}
	if len(open) == 0 {
		return nil, &channel.PermanentError{Channel: c.opts.ChannelID,
			Detail: fmt.Sprintf("order %s has no open SHIPMENT fulfillment to complete with "+
				"tracking %s", s.OrderID, s.TrackingNumber)}
	}
	if len(s.Lines) > 0 {
		for _, f := range open {
			if slices.ContainsFunc(f.Entries, func(e entry) bool {
				return e.LineItemUID == s.Lines[0].LineID
			}) {
				return f, nil
			}
		}
	}
	return open[0], nil
}

// updateBody is the Update Order request completing fulfilment uid of so.
func updateBody(s channel.Shipment, so *sqOrder, uid string) updateRequest {
	return updateRequest{
		IdempotencyKey: idempotencyKey(s.Key),
		Order: updateOrder{
			LocationID: so.LocationID,
			Version:    so.Version,
			Fulfillments: []updateFulfillment{{
				UID:   uid,
				State: "COMPLETED",
				ShipmentDetails: shipmentDetails{
					Carrier:        carrierName(s.Carrier),
					TrackingNumber: s.TrackingNumber,
					TrackingURL:    s.TrackingURL,
					ShippedAt:      s.ShippedAt.UTC().Format(time.RFC3339),
				},
			}},
		},
	}
}

// idempotencyKey derives Square's idempotency_key (at most 192
// characters) from the shipment's key, the same on every attempt.
func idempotencyKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "ordo-ship-" + hex.EncodeToString(sum[:])
}

// carrierName returns the carrier as Square shows it; Square takes any
// text, so an unknown carrier is passed on as Ordo has it.
func carrierName(c string) string {
	for _, k := range carriers {
		if string(k.carrier) == c {
			return k.name
		}
	}
	return c
}

// checkShipment refuses a shipment that cannot be sent.
func checkShipment(s channel.Shipment) error {
	switch {
	case s.Key == "":
		return errors.New("square: shipment has no key")
	case s.OrderID == "":
		return fmt.Errorf("square: shipment %s has no order id", s.Key)
	case s.TrackingNumber == "":
		return fmt.Errorf("square: shipment %s has no tracking number", s.Key)
	}
	return nil
}
