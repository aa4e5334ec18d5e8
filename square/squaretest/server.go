// Package squaretest is an in-memory Square Orders API for tests and demos:
// Retrieve Order, Search Orders and Update Order as Square documents them,
// with bearer-token authentication, Square's error shape, version checks
// and idempotency keys, plus signed webhook deliveries, counters and fault
// injection. It is safe for concurrent use.
package squaretest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"time"
)

// The endpoints Requests counts.
const (
	RetrieveOrder = "RetrieveOrder"
	SearchOrders  = "SearchOrders"
	UpdateOrder   = "UpdateOrder"
)

// FaultKind is a way a request can fail.
type FaultKind int

// The faults Inject can plan.
const (
	// TimeoutAfter applies the request, then answers nothing until the
	// client gives up: the effect happened but the answer is lost.
	TimeoutAfter FaultKind = iota + 1
	// TimeoutBefore answers nothing and applies nothing.
	TimeoutBefore
	// ServerError answers 500 with Square's INTERNAL_SERVER_ERROR.
	ServerError
	// RateLimited answers 429 with RATE_LIMITED and the fault's
	// RetryAfter as the Retry-After header, when set.
	RateLimited
)

// Fault is one planned failure.
type Fault struct {
	Kind       FaultKind
	RetryAfter string
}

// Shipment is a SHIPMENT fulfilment that an Update Order completed.
type Shipment struct {
	FulfillmentUID string
	Carrier        string
	TrackingNumber string
	TrackingURL    string
	ShippedAt      string
	IdempotencyKey string
}

// Server is the fake Square API. Start it with New; stop it with Close.
type Server struct {
	http    *httptest.Server
	token   string
	closing chan struct{}

	mu        sync.Mutex
	orders    map[string]*Order
	requests  map[string]int
	shipments map[string][]Shipment
	replays   map[string]replay
	faults    map[string][]Fault
	events    int
}

// replay is what an idempotency key was first answered.
type replay struct {
	orderID string
	body    []byte
}

// New starts a fake that accepts requests bearing accessToken.
func New(accessToken string) *Server {
	s := &Server{
		token:     accessToken,
		closing:   make(chan struct{}),
		orders:    map[string]*Order{},
		requests:  map[string]int{},
		shipments: map[string][]Shipment{},
		replays:   map[string]replay{},
		faults:    map[string][]Fault{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/orders/{order_id}", s.guard(RetrieveOrder, s.retrieve))
	mux.HandleFunc("PUT /v2/orders/{order_id}", s.guard(UpdateOrder, s.update))
	mux.HandleFunc("POST /v2/orders/search", s.guard(SearchOrders, s.search))
	s.http = httptest.NewServer(mux)
	return s
}

// URL is the base URL to give the client, in place of
// https://connect.squareup.com.
func (s *Server) URL() string { return s.http.URL }

// Close stops the server, releasing requests held by a timeout fault.
func (s *Server) Close() {
	close(s.closing)
	s.http.Close()
}

// AddOrder adds o, or replaces the order with its id.
func (s *Server) AddOrder(o Order) {
	c := clone(o)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.orders[o.ID] = &c
}

// Order returns a copy of the order with the id, and whether there is one.
func (s *Server) Order(id string) (Order, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return Order{}, false
	}
	return clone(*o), true
}

// Touch records a change to the order at the given time, as an edit in the
// Square Dashboard would: its version goes up and updated_at becomes at.
func (s *Server) Touch(id string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[id]
	if !ok {
		return fmt.Errorf("squaretest: no order %s", id)
	}
	o.Version++
	o.UpdatedAt = Timestamp(at)
	return nil
}

// Requests returns how many requests reached the endpoint (RetrieveOrder,
// SearchOrders or UpdateOrder), failed ones included.
func (s *Server) Requests(endpoint string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[endpoint]
}

// Shipments returns the shipment fulfilments completed on the order, in
// order.
func (s *Server) Shipments(orderID string) []Shipment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Shipment(nil), s.shipments[orderID]...)
}

// Inject makes the next n requests with the method to the path (such as
// "PUT", "/v2/orders/O1") fail with f, after any faults planned before.
func (s *Server) Inject(method, path string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := method + " " + path
	for range n {
		s.faults[key] = append(s.faults[key], f)
	}
}

// nextFault takes the next planned fault for r, if any.
func (s *Server) nextFault(r *http.Request) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := r.Method + " " + r.URL.Path
	fs := s.faults[key]
	if len(fs) == 0 {
		return Fault{}, false
	}
	s.faults[key] = fs[1:]
	return fs[0], true
}

// handler serves one endpoint once the request passed guard.
type handler func(w http.ResponseWriter, r *http.Request)

// guard counts the request, checks its authentication and headers as
// Square does, and plays any planned fault around h.
func (s *Server) guard(endpoint string, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests[endpoint]++
		s.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+s.token || s.token == "" {
			writeError(w, http.StatusUnauthorized, "AUTHENTICATION_ERROR", "UNAUTHORIZED",
				"This request could not be authorized.", "")
			return
		}
		if v := r.Header.Get("Square-Version"); v != "" && !versionRe.MatchString(v) {
			writeError(w, http.StatusBadRequest, "INVALID_REQUEST_ERROR", "INVALID_VALUE",
				fmt.Sprintf("Square-Version %q is not a version such as 2026-07-15.", v), "")
			return
		}
		if r.Method != http.MethodGet &&
			!strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			writeError(w, http.StatusBadRequest, "INVALID_REQUEST_ERROR",
				"INVALID_CONTENT_TYPE", "Content-Type must be application/json.", "")
			return
		}
		f, ok := s.nextFault(r)
		if !ok {
			h(w, r)
			return
		}
		switch f.Kind {
		case TimeoutAfter:
			h(discard{}, r)
			s.hang(r)
		case TimeoutBefore:
			s.hang(r)
		case ServerError:
			writeError(w, http.StatusInternalServerError, "API_ERROR",
				"INTERNAL_SERVER_ERROR", "An internal error has occurred.", "")
		case RateLimited:
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			writeError(w, http.StatusTooManyRequests, "RATE_LIMIT_ERROR", "RATE_LIMITED",
				"Rate limit exceeded.", "")
		}
	}
}

// versionRe is the shape of a Square-Version.
var versionRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// hang holds the request until the client gives up or the server closes.
func (s *Server) hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.closing:
	}
}

// discard is a ResponseWriter that drops the answer of a request whose
// answer is lost.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

// writeJSON answers v with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("squaretest: encode answer: %v", err))
	}
	writeBody(w, status, data)
}

func writeBody(w http.ResponseWriter, status int, data []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(data)
}

// writeError answers Square's error shape with one error.
func writeError(w http.ResponseWriter, status int, category, code, detail, field string) {
	type apiError struct {
		Category string `json:"category"`
		Code     string `json:"code"`
		Detail   string `json:"detail,omitempty"`
		Field    string `json:"field,omitempty"`
	}
	writeJSON(w, status, map[string][]apiError{"errors": {{category, code, detail, field}}})
}
