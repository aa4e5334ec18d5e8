package boltest

// FaultKind is a way a request can fail.
type FaultKind int

// The faults the fake can play.
const (
	// TimeoutAfter applies the request, then holds it open without an
	// answer, as when the answer is lost on the way back.
	TimeoutAfter FaultKind = iota + 1
	// TimeoutBefore holds the request open without applying it.
	TimeoutBefore
	// ServerError answers 503 without applying the request.
	ServerError
	// RateLimit answers 429 with a Retry-After header.
	RateLimit
)

// Fault is one planned failure of a request.
type Fault struct {
	Kind FaultKind
	// RetryAfter is the Retry-After header of a RateLimit fault, in seconds
	// or as an HTTP date; "1" unless set.
	RetryAfter string
}

// Inject makes the next n requests to route, one of the Route constants,
// fail with f, after any faults queued for it before.
func (s *Server) Inject(route string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[route] = append(s.faults[route], f)
	}
}

// nextFault takes the fault queued for route, or the zero Fault. The
// caller holds s.mu.
func (s *Server) nextFault(route string) Fault {
	q := s.faults[route]
	if len(q) == 0 {
		return Fault{}
	}
	s.faults[route] = q[1:]
	return q[0]
}
