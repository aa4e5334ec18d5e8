package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
)

// code classifies an error for the people and programs that receive it.
type code string

// The codes an API error can have.
const (
	codeInvalid      code = "invalid"
	codeUnauthorized code = "unauthorized"
	codeNotFound     code = "not_found"
	codeMethod       code = "method_not_allowed"
	codeConflict     code = "conflict"
	// codeUnprocessable: understood, recorded, and refused on its merits.
	codeUnprocessable code = "unprocessable"
	codeTooLarge      code = "too_large"
	codeUnavailable   code = "unavailable"
	codeInternal      code = "internal"
)

// statuses is the one table from error codes to HTTP statuses.
var statuses = map[code]int{
	codeInvalid:       http.StatusBadRequest,
	codeUnauthorized:  http.StatusUnauthorized,
	codeNotFound:      http.StatusNotFound,
	codeMethod:        http.StatusMethodNotAllowed,
	codeConflict:      http.StatusConflict,
	codeUnprocessable: http.StatusUnprocessableEntity,
	codeTooLarge:      http.StatusRequestEntityTooLarge,
	codeUnavailable:   http.StatusServiceUnavailable,
	codeInternal:      http.StatusInternalServerError,
}

// Error is an error a client sees: a code, a short title and a detail that
// says what to fix.
type Error struct {
	Code   code
	Title  string
	Detail string
	// Extra holds further members of the problem document.
	Extra map[string]any
	// Err is the cause, logged but not shown.
	Err error
}

// Error describes e for logs, cause included.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Title, e.Detail, e.Err)
	}
	return e.Title + ": " + e.Detail
}

// Unwrap returns the cause of e.
func (e *Error) Unwrap() error { return e.Err }

func errorf(c code, title, format string, args ...any) *Error {
	return &Error{Code: c, Title: title, Detail: fmt.Sprintf(format, args...)}
}

// writeProblem answers with err as an RFC 9457 problem document. Errors
// that are not an *Error are internal: logged here, once, and shown only
// as a generic message with the trace id to quote.
func writeProblem(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Code: codeInternal, Title: "Internal error",
			Detail: "Ordo could not complete the request; it has been logged. " +
				"Retry later, quoting the trace id if it persists.", Err: err}
	}
	status := statuses[e.Code]
	if status >= 500 {
		log.ErrorContext(r.Context(), "request failed", "method", r.Method,
			"path", r.URL.Path, "error", err)
	}
	doc := map[string]any{
		"type":   "https://ordo.dev/problems/" + string(e.Code),
		"title":  e.Title,
		"status": status,
		"detail": e.Detail,
	}
	if tid := traceID(r.Context()); tid != "" {
		doc["trace_id"] = tid
	}
	for k, v := range e.Extra {
		doc[k] = v
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(doc) // the client may be gone; nothing to do
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client may be gone; nothing to do
}
