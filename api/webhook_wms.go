package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
)

// wmsWebhook takes a status report from a location's WMS. The signature is
// checked before the body is read; a report that cannot be applied is
// recorded and answered 422 with the reason, so that the location sees it
// and nothing it said is lost.
func (s *Server) wmsWebhook(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("location")
	loc, ok := s.Config.LocationByID(id)
	if !ok {
		return errorf(codeNotFound, "Unknown location",
			"no location %q is configured; status reports go to /webhooks/wms/{id}", id)
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	if loc.Secret == "" {
		return errorf(codeUnauthorized, "Location has no secret",
			"location %s has no secret to check signatures with; set locations[].secret", id)
	}
	err = warehouse.Verify([]byte(loc.Secret.Reveal()), r.Header.Get(warehouse.HeaderTimestamp),
		r.Header.Get(warehouse.HeaderSignature), body, s.Now())
	if err != nil {
		s.Metrics.Unverified.WithLabelValues(id).Inc()
		s.Log.WarnContext(r.Context(), "status report signature refused", "location", id,
			"error", err)
		return errorf(codeUnauthorized, "Signature refused", "%v", err)
	}
	var u warehouse.StatusUpdate
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&u); err != nil {
		return s.quarantine(r, "wms-"+id, body, errorf(codeInvalid, "Unreadable report",
			"the body is not a status report: %v; see StatusUpdate in /api/openapi.yaml", err))
	}
	res, err := s.Fulfilment.Report(r.Context(), fulfilment.Report{Location: id, Update: u,
		Body: body, Meta: store.Meta{TraceID: traceID(r.Context()), CausationID: u.EventID,
			OccurredAt: u.At}})
	if errors.Is(err, fulfilment.ErrUnknownLocation) {
		return errorf(codeNotFound, "Unknown location", "%v", err)
	}
	if err != nil {
		return err
	}
	if res.Outcome == fulfilment.Refused {
		return &Error{Code: codeUnprocessable, Title: "Report refused", Detail: res.Detail,
			Extra: map[string]any{"report_id": res.ID}}
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// listInstructions shows the instructions sent, or in shadow mode recorded,
// for locations, oldest first, each with the exact body.
func (s *Server) listInstructions(w http.ResponseWriter, r *http.Request) error {
	limit, err := limitParam(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	items, next, err := fulfilment.Instructions(r.Context(), s.DB.Read, fulfilment.InstructionFilter{
		Location: q.Get("location"), State: fulfilment.State(q.Get("state")),
		FulfilmentID: q.Get("fulfilment_id"), After: q.Get("cursor"), Limit: limit})
	if errors.Is(err, fulfilment.ErrBadCursor) {
		return errorf(codeInvalid, "Bad cursor", "cursor must be a next_cursor from a listing")
	}
	if err != nil {
		return err
	}
	if items == nil {
		items = []fulfilment.Instruction{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"instructions": items, "next_cursor": next})
	return nil
}

// listReports shows the status reports locations sent, newest first, with
// what became of each; outcome=refused lists those an operator must look
// at.
func (s *Server) listReports(w http.ResponseWriter, r *http.Request) error {
	limit, err := limitParam(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	items, next, err := fulfilment.Reports(r.Context(), s.DB.Read, fulfilment.ReportFilter{
		Location: q.Get("location"), Outcome: fulfilment.Outcome(q.Get("outcome")),
		After: q.Get("cursor"), Limit: limit})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"reports": items, "next_cursor": next})
	return nil
}
