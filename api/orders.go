package api

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// apiChannel is the channel of orders posted to the API without one.
const apiChannel = "api"

// createOrder takes a channel-neutral order in the canonical JSON. The
// Idempotency-Key header is required: the same key with the same body gets
// the first answer again; with another body, a 409.
func (s *Server) createOrder(w http.ResponseWriter, r *http.Request) error {
	key := r.Header.Get("Idempotency-Key")
	if key == "" || len(key) > 255 {
		return errorf(codeInvalid, "Idempotency-Key required",
			"send an Idempotency-Key header of 1 to 255 characters, unique to this order")
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	o, err := order.Decode(bytes.NewReader(body))
	if err != nil {
		return s.quarantine(r, apiChannel, body, errorf(codeInvalid, "Invalid order", "%v", err))
	}
	if o.ChannelID == "" {
		o.ChannelID = apiChannel
	}
	if _, ok := s.Config.ChannelByID(o.ChannelID); !ok && o.ChannelID != apiChannel {
		return errorf(codeInvalid, "Unknown channel",
			"channel_id %q is not configured; use a channel from ordo.yaml or %q",
			o.ChannelID, apiChannel)
	}
	if o.UpdatedAt.IsZero() {
		o.UpdatedAt = o.PlacedAt
	}

	tok := r.Context().Value(tokenKey{}).(*store.Token)
	res, err := s.Orders.Receive(r.Context(), ingest.Report{
		Key:     "api:" + tok.ID + ":" + key,
		Request: body,
		Order:   *o,
		Meta: store.Meta{
			TraceID:        traceID(r.Context()),
			IdempotencyKey: key,
			OccurredAt:     s.Now(),
		},
	})
	if errors.Is(err, ingest.ErrKeyReused) {
		return errorf(codeConflict, "Idempotency-Key reused",
			"Idempotency-Key %q was already used for a different order body; "+
				"use a new key for a new request", key)
	}
	if err != nil {
		return err
	}
	s.count(o.ChannelID, res)
	status := http.StatusOK
	if res.Outcome == ingest.Created {
		status = http.StatusCreated
	}
	if res.Duplicate {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.Header().Set("Location", "/api/v1/orders/"+res.OMSOrderID)
	writeJSON(w, status, res)
	return nil
}

// orderView is an order as the API shows it; the list leaves out personal
// data.
type orderView struct {
	store.OrderRecord
	Customer *order.Customer `json:"customer,omitempty"`
}

func (s *Server) listOrders(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.OrderFilter{
		ChannelID: q.Get("channel"),
		Status:    order.Status(q.Get("status")),
		Cursor:    q.Get("cursor"),
	}
	if f.Status != "" && !f.Status.Valid() {
		return errorf(codeInvalid, "Bad status", "status %q is not an order status", f.Status)
	}
	var err error
	if f.ReceivedAfter, err = timeParam(q.Get("received_after"), "received_after"); err != nil {
		return err
	}
	if f.ReceivedBefore, err = timeParam(q.Get("received_before"), "received_before"); err != nil {
		return err
	}
	if f.Limit, err = limitParam(r); err != nil {
		return err
	}
	records, next, err := store.ListOrders(r.Context(), s.DB.Read, f)
	if errors.Is(err, store.ErrBadCursor) {
		return errorf(codeInvalid, "Bad cursor", "cursor must be a next_cursor from a listing")
	}
	if err != nil {
		return err
	}
	views := make([]orderView, len(records))
	for i, rec := range records {
		views[i] = orderView{OrderRecord: rec}
	}
	writeJSON(w, http.StatusOK, map[string]any{"orders": views, "next_cursor": next})
	return nil
}

// limitParam returns the page size the limit parameter asks for, 100 when
// it asks for none.
func limitParam(r *http.Request) (int, error) {
	l := r.URL.Query().Get("limit")
	if l == "" {
		return 100, nil
	}
	n, err := strconv.Atoi(l)
	if err != nil || n < 1 || n > 1000 {
		return 0, errorf(codeInvalid, "Bad limit", "limit must be a number from 1 to 1000")
	}
	return n, nil
}

func timeParam(v, name string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return t, errorf(codeInvalid, "Bad time", "%s must be an RFC 3339 time such as "+
			"2026-11-27T09:00:00Z", name)
	}
	return t, nil
}

func (s *Server) getOrder(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.loadOrder(r)
	if err != nil {
		return err
	}
	c, err := store.LoadPersonalData(r.Context(), s.DB.Read, rec.OMSOrderID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, orderView{OrderRecord: *rec, Customer: &c})
	return nil
}

func (s *Server) orderEvents(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.loadOrder(r)
	if err != nil {
		return err
	}
	events, err := store.LoadStream(r.Context(), s.DB.Read, store.StreamID(rec.OMSOrderID))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": events})
	return nil
}

func (s *Server) loadOrder(r *http.Request) (*store.OrderRecord, error) {
	id := r.PathValue("id")
	rec, err := store.GetOrder(r.Context(), s.DB.Read, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errorf(codeNotFound, "No such order", "no order has oms_order_id %q", id)
	}
	return rec, err
}

func (s *Server) listQuarantine(w http.ResponseWriter, r *http.Request) error {
	limit, err := limitParam(r)
	if err != nil {
		return err
	}
	before := strings.TrimSpace(r.URL.Query().Get("before"))
	items, err := store.ListQuarantine(r.Context(), s.DB.Read, before, limit)
	if err != nil {
		return err
	}
	if items == nil {
		items = []store.Quarantined{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"deliveries": items})
	return nil
}
