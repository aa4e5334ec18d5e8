package shopifytest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"time"
)

// Fault is a failure the fake plays instead of a normal answer.
type Fault int

// The faults Fail can inject.
const (
	// TimeoutAfter applies the request, then holds the answer back until
	// the client gives up or Options.Stall passes: a write whose answer
	// was lost.
	TimeoutAfter Fault = iota + 1
	// TimeoutBefore holds the request without applying it.
	TimeoutBefore
	// ServerError answers 500 without applying the request.
	ServerError
	// RateLimit answers 429 with Retry-After Options.RetryAfter without
	// applying the request.
	RateLimit
)

// Fail makes the next n requests with method to path (below
// /admin/api/{version}, such as "/fulfillments.json" or
// "/orders/1001.json") fail with f. Faults queue up: Fail(m, p, 1,
// TimeoutAfter) then Fail(m, p, 1, TimeoutBefore) fails the next request
// after applying it and the one after that before.
func (s *Server) Fail(method, path string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := method + " " + path
	for range n {
		s.faults[key] = append(s.faults[key], f)
	}
}

// takeFault returns the fault due for the request, if any.
func (s *Server) takeFault(method, path string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := method + " " + path
	q := s.faults[key]
	if len(q) == 0 {
		return 0, false
	}
	s.faults[key] = q[1:]
	return q[0], true
}

// playFault answers r with f.
func (s *Server) playFault(w http.ResponseWriter, r *http.Request, f Fault, version, path string) {
	switch f {
	case TimeoutAfter:
		s.route(httptest.NewRecorder(), r, version, path)
		s.stall(w, r)
	case TimeoutBefore:
		s.stall(w, r)
	case ServerError:
		writeErrors(w, http.StatusInternalServerError, "Internal Server Error")
	case RateLimit:
		w.Header().Set("Retry-After", s.opts.RetryAfter)
		writeErrors(w, http.StatusTooManyRequests, "Exceeded 2 calls per second for api client. "+
			"Reduce request rates to resume uninterrupted service.")
	}
}

// stall holds the request until the client gives up or Options.Stall
// passes, and then answers 504.
func (s *Server) stall(w http.ResponseWriter, r *http.Request) {
	// net/http notices a client that hangs up only once the body is read.
	_, _ = io.Copy(io.Discard, r.Body)
	t := time.NewTimer(s.opts.Stall)
	defer t.Stop()
	select {
	case <-r.Context().Done():
	case <-t.C:
	}
	writeErrors(w, http.StatusGatewayTimeout, "Gateway Timeout")
}
