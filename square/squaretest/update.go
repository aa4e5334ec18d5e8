package squaretest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// updateRequest is the part of Update Order's body the fake reads: a
// sparse order whose fulfilments are matched by uid.
type updateRequest struct {
	IdempotencyKey string `json:"idempotency_key"`
	Order          *struct {
		LocationID   string        `json:"location_id"`
		Version      *int64        `json:"version"`
		Fulfillments []Fulfillment `json:"fulfillments"`
	} `json:"order"`
}

// fulfillmentStates are the states a fulfilment can be given.
var fulfillmentStates = []string{"PROPOSED", "RESERVED", "PREPARED", "COMPLETED",
	"CANCELED", "FAILED"}

// update serves Update Order. A repeated idempotency key gets the first
// answer again and changes nothing; otherwise the version must be the
// order's current one, and each fulfilment named by uid takes the state and
// shipment details sent. A SHIPMENT fulfilment that becomes COMPLETED is
// recorded as a shipment.
func (s *Server) update(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("order_id")
	var req updateRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		invalid(w, "INVALID_REQUEST_ERROR", "The request body is not valid JSON: "+err.Error(), "")
		return
	}
	if req.Order == nil {
		invalid(w, "MISSING_REQUIRED_PARAMETER", "Field must be set", "order")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if req.IdempotencyKey != "" {
		if rep, ok := s.replays[req.IdempotencyKey]; ok {
			if rep.orderID != id {
				invalid(w, "IDEMPOTENCY_KEY_REUSED",
					"The idempotency key was used for another order.", "idempotency_key")
				return
			}
			writeBody(w, http.StatusOK, rep.body)
			return
		}
	}
	o, ok := s.orders[id]
	if !ok {
		notFound(w, id)
		return
	}
	if code, detail, field := s.check(o, &req); code != "" {
		invalid(w, code, detail, field)
		return
	}
	s.apply(o, &req)
	data, err := json.Marshal(map[string]Order{"order": *o})
	if err != nil {
		panic(fmt.Sprintf("squaretest: encode order %s: %v", id, err))
	}
	if req.IdempotencyKey != "" {
		s.replays[req.IdempotencyKey] = replay{orderID: id, body: data}
	}
	writeBody(w, http.StatusOK, data)
}

// check returns Square's error code, detail and field for an update o
// cannot take, or an empty code.
func (s *Server) check(o *Order, req *updateRequest) (code, detail, field string) {
	u := req.Order
	switch {
	case u.LocationID == "":
		return "MISSING_REQUIRED_PARAMETER", "Field must be set", "order.location_id"
	case u.LocationID != o.LocationID:
		return "INVALID_VALUE", "The location of an order cannot be changed.",
			"order.location_id"
	case u.Version == nil || *u.Version != o.Version:
		var v int64
		if u.Version != nil {
			v = *u.Version
		}
		return "VERSION_MISMATCH", fmt.Sprintf("Supplied version %d does not match the "+
			"current version %d of order %s.", v, o.Version, o.ID), "order.version"
	case o.State == "COMPLETED" || o.State == "CANCELED":
		return "BAD_REQUEST", fmt.Sprintf("Order %s is %s and can no longer be updated.",
			o.ID, o.State), "order.state"
	}
	for i, f := range u.Fulfillments {
		at := fmt.Sprintf("order.fulfillments[%d]", i)
		j := slices.IndexFunc(o.Fulfillments, func(g Fulfillment) bool { return g.UID == f.UID })
		switch {
		case j < 0:
			return "INVALID_VALUE", fmt.Sprintf("Order %s has no fulfillment with uid `%s`.",
				o.ID, f.UID), at + ".uid"
		case f.State != "" && !slices.Contains(fulfillmentStates, f.State):
			return "INVALID_ENUM_VALUE", fmt.Sprintf("`%s` is not a valid fulfillment state.",
				f.State), at + ".state"
		case o.Fulfillments[j].State == "COMPLETED" || o.Fulfillments[j].State == "CANCELED":
			return "INVALID_VALUE", fmt.Sprintf("Fulfillment `%s` is %s and cannot be changed.",
				f.UID, o.Fulfillments[j].State), at + ".state"
		}
	}
	return "", "", ""
}

// apply merges the update into o, bumps its version and stamps updated_at.
func (s *Server) apply(o *Order, req *updateRequest) {
	for _, f := range req.Order.Fulfillments {
		j := slices.IndexFunc(o.Fulfillments, func(g Fulfillment) bool { return g.UID == f.UID })
		g := &o.Fulfillments[j]
		if f.State != "" {
			g.State = f.State
		}
		if d := f.ShipmentDetails; d != nil {
			if g.ShipmentDetails == nil {
				g.ShipmentDetails = &ShipmentDetails{}
			}
			mergeShipment(g.ShipmentDetails, d)
		}
		if g.Type == "SHIPMENT" && f.State == "COMPLETED" {
			d := g.ShipmentDetails
			if d == nil {
				d = &ShipmentDetails{}
			}
			s.shipments[o.ID] = append(s.shipments[o.ID], Shipment{
				FulfillmentUID: g.UID, Carrier: d.Carrier, TrackingNumber: d.TrackingNumber,
				TrackingURL: d.TrackingURL, ShippedAt: d.ShippedAt,
				IdempotencyKey: req.IdempotencyKey,
			})
		}
	}
	o.Version++
	o.UpdatedAt = Timestamp(later(o.UpdatedAt))
}

// mergeShipment sets the shipment details that d sends.
func mergeShipment(dst, d *ShipmentDetails) {
	for _, f := range []struct{ dst, src *string }{
		{&dst.Carrier, &d.Carrier}, {&dst.ShippingNote, &d.ShippingNote},
		{&dst.ShippingType, &d.ShippingType}, {&dst.TrackingNumber, &d.TrackingNumber},
		{&dst.TrackingURL, &d.TrackingURL}, {&dst.ShippedAt, &d.ShippedAt},
	} {
		if *f.src != "" {
			*f.dst = *f.src
		}
	}
}

// later returns the time now, or a millisecond after prev when the clock
// has not passed it, so that every change has a later updated_at.
func later(prev string) time.Time {
	now := time.Now().UTC().Truncate(time.Millisecond)
	if p, err := time.Parse(time.RFC3339Nano, prev); err == nil && !now.After(p) {
		return p.Add(time.Millisecond)
	}
	return now
}
