package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ordo-oms/ordo/jobs"
)

// listDeadLetters shows the jobs that ran out of attempts, with their
// errors, oldest first.
func (s *Server) listDeadLetters(w http.ResponseWriter, r *http.Request) error {
	limit, err := limitParam(r)
	if err != nil {
		return err
	}
	items, next, err := s.Queue.DeadLetters(r.Context(), r.URL.Query().Get("cursor"), limit)
	if errors.Is(err, jobs.ErrBadCursor) {
		return errorf(codeInvalid, "Bad cursor", "cursor must be a next_cursor from a listing")
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"dead_letters": items, "next_cursor": next})
	return nil
}

// replayDeadLetter runs a dead-lettered job again with its original
// arguments. Replaying is itself idempotent: a job already replayed is no
// longer dead-lettered, and a second replay of it is refused with 409.
func (s *Server) replayDeadLetter(w http.ResponseWriter, r *http.Request) error {
	if r.Header.Get("Idempotency-Key") == "" {
		return errorf(codeInvalid, "Idempotency-Key required",
			"send an Idempotency-Key header with every POST")
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return errorf(codeInvalid, "Bad job id", "%q is not a job id", r.PathValue("id"))
	}
	dl, err := s.Queue.Replay(r.Context(), id)
	if errors.Is(err, jobs.ErrNoDeadLetter) {
		return errorf(codeConflict, "Not dead-lettered",
			"job %d is not in the dead-letter queue (never was, or was replayed); "+
				"see GET /api/v1/dlq", id)
	}
	if err != nil {
		return err
	}
	s.Log.InfoContext(r.Context(), "dead letter replayed", "job_id", id, "job_kind", dl.Kind)
	writeJSON(w, http.StatusOK, map[string]any{"replayed": dl})
	return nil
}
