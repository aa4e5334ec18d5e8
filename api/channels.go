package api

import (
	"net/http"

	"github.com/ordo-oms/ordo/outbox"
	"github.com/ordo-oms/ordo/pull"
)

// listChannelCalls shows what Ordo told, or in shadow mode would have
// told, each channel, newest first, with the exact requests.
func (s *Server) listChannelCalls(w http.ResponseWriter, r *http.Request) error {
	limit, err := limitParam(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	calls, err := s.Outbox.Calls(r.Context(), outbox.Filter{ChannelID: q.Get("channel"),
		OMSOrderID: q.Get("oms_order_id"), State: outbox.State(q.Get("state")), Limit: limit})
	if err != nil {
		return err
	}
	if calls == nil {
		calls = []outbox.Call{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"calls": calls})
	return nil
}

// listChannelMarks shows how far each channel's reconciliation polls have
// read.
func (s *Server) listChannelMarks(w http.ResponseWriter, r *http.Request) error {
	marks, err := s.Pull.Marks(r.Context())
	if err != nil {
		return err
	}
	if marks == nil {
		marks = []pull.Mark{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"marks": marks})
	return nil
}
