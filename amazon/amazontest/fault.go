package amazontest

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"
)

// FaultKind is a way a request can fail.
type FaultKind int

// The faults the fake injects.
const (
	// TimeoutAfter applies the request, then holds the answer until the
	// client gives up, as when a response is lost.
	TimeoutAfter FaultKind = iota + 1
	// TimeoutBefore holds the request without applying it until the client
	// gives up.
	TimeoutBefore
	// ServerError answers Status (503 if zero) with an InternalFailure error.
	ServerError
	// TooManyRequests answers 429 QuotaExceeded with Retry-After.
	TooManyRequests
)

// holdLimit bounds how long a timeout fault holds a request whose client
// does not give up.
const holdLimit = 30 * time.Second

// Fault is one injected failure.
type Fault struct {
	Kind FaultKind
	// Status is the status of a ServerError.
	Status int
	// RetryAfter is sent, in whole seconds, with TooManyRequests.
	RetryAfter time.Duration
}

type fault struct {
	Fault
	left int
}

// Inject makes the next n requests to operation op (OpToken, OpGetOrders,
// OpGetOrder, OpGetOrderItems or OpConfirmShipment) fail with f. Faults
// injected for one operation apply in the order they were injected.
func (s *Server) Inject(op string, n int, f Fault) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	s.faults[op] = append(s.faults[op], &fault{Fault: f, left: n})
	s.mu.Unlock()
}

// takeFault returns the fault for the next request to op, if any.
func (s *Server) takeFault(op string) *fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[op]
	if len(q) == 0 {
		return nil
	}
	f := *q[0]
	if q[0].left--; q[0].left == 0 {
		s.faults[op] = q[1:]
	}
	return &f
}

// apply answers the request as fault f says, running handler h where the
// fault applies the request.
func (f *fault) apply(w http.ResponseWriter, r *http.Request, closing <-chan struct{},
	h http.HandlerFunc) {
	switch f.Kind {
	case TimeoutBefore:
		hold(r, closing)
	case TimeoutAfter:
		h(httptest.NewRecorder(), r)
		hold(r, closing)
	case ServerError:
		status := f.Status
		if status == 0 {
			status = http.StatusServiceUnavailable
		}
		writeErrors(w, status, "InternalFailure",
			"We encountered an internal error. Please try again.", "")
	case TooManyRequests:
		secs := int(math.Ceil(f.RetryAfter.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeErrors(w, http.StatusTooManyRequests, "QuotaExceeded",
			"You exceeded your quota for the requested resource.", "")
	default:
		h(w, r)
	}
}

// hold waits until the client gives up, the server closes, or holdLimit.
func hold(r *http.Request, closing <-chan struct{}) {
	t := time.NewTimer(holdLimit)
	defer t.Stop()
	select {
	case <-r.Context().Done():
	case <-closing:
	case <-t.C:
	}
}

// limit is a token bucket for one operation.
type limit struct {
	rate, burst, tokens float64
	last                time.Time
}

// SetRateLimit limits operation op to rate requests a second with a burst,
// answering requests beyond it with 429 QuotaExceeded, and sends rate in
// x-amzn-RateLimit-Limit. A rate of zero removes the limit and restores
// the documented default in the header.
func (s *Server) SetRateLimit(op string, rate float64, burst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rate <= 0 {
		delete(s.limits, op)
		return
	}
	s.limits[op] = &limit{rate: rate, burst: float64(burst), tokens: float64(burst),
		last: time.Now()}
}

// rate returns the rate to announce for op. The caller holds s.mu.
func (s *Server) rate(op string) float64 {
	if l, ok := s.limits[op]; ok {
		return l.rate
	}
	return defaultRates[op]
}

// allow takes a token of op's limit, if it has one.
func (s *Server) allow(op string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.limits[op]
	if !ok {
		return true
	}
	now := time.Now()
	l.tokens = math.Min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	l.last = now
	if l.tokens < 1 {
		return false
	}
	l.tokens--
	return true
}
