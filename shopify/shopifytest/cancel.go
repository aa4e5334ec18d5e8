package shopifytest

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"slices"
)

// readBody decodes a JSON request body into v. A body that is not JSON,
// or is sent with another content type, answers 400 naming root, the
// object the endpoint requires, as Shopify does for a missing or unreadable
// root parameter; so does a body without root when root is not "".
func readBody(w http.ResponseWriter, r *http.Request, root string, v any) bool {
	missing := func() bool {
		writeErrors(w, http.StatusBadRequest,
			map[string]string{root: "Required parameter missing or invalid"})
		return false
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	data, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || (len(data) > 0 && mt != "application/json") {
		return missing()
	}
	if len(data) == 0 {
		data = []byte("{}")
	}
	var probe map[string]json.RawMessage
	if json.Unmarshal(data, &probe) != nil {
		return missing()
	}
	if root != "" && len(probe[root]) == 0 {
		return missing()
	}
	if err := json.Unmarshal(data, v); err != nil {
		return missing()
	}
	return true
}

// cancelBody is the body of POST /orders/{id}/cancel.json. The fake keeps
// no record of notifications or of the deprecated restock flag, and
// refunds nothing on cancel.
type cancelBody struct {
	Reason string `json:"reason"`
	Email  bool   `json:"email"`
}

// cancelOrder serves POST /orders/{id}/cancel.json. Shopify documents that
// an order that is paid and has fulfilments cannot be cancelled; it
// documents no wording for that refusal nor for an order cancelled before,
// so the messages here are the fake's own.
func (s *Server) cancelOrder(w http.ResponseWriter, r *http.Request, id string) {
	var body cancelBody
	if !readBody(w, r, "", &body) {
		return
	}
	if body.Reason == "" {
		body.Reason = "other"
	}
	if !slices.Contains([]string{"customer", "inventory", "fraud", "declined", "other"},
		body.Reason) {
		writeErrors(w, http.StatusUnprocessableEntity,
			map[string][]string{"reason": {"is not included in the list"}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.lookup(w, id)
	if !ok {
		return
	}
	if !o.cancelledAt.IsZero() {
		writeErrors(w, http.StatusUnprocessableEntity, "Order has already been cancelled")
		return
	}
	if o.financial == "paid" && slices.ContainsFunc(o.fulfillments,
		func(f *Fulfillment) bool { return f.Status == "success" }) {
		writeErrors(w, http.StatusUnprocessableEntity,
			"Cannot cancel an order that is paid and has fulfillments")
		return
	}
	now := s.opts.Now()
	o.touch(now)
	o.cancelledAt, o.closedAt, o.cancelReason = o.updatedAt, o.updatedAt, body.Reason
	if o.financial == "pending" || o.financial == "authorized" {
		o.financial = "voided"
	}
	for _, fo := range o.fos {
		if fo.Status == "open" || fo.Status == "in_progress" || fo.Status == "scheduled" ||
			fo.Status == "on_hold" {
			fo.Status = "closed"
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"order": o.render()})
}
