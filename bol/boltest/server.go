package boltest

import (
	"cmp"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// MediaType is the media type of version 10 of the Retailer API.
const MediaType = "application/vnd.retailer.v10+json"

// The routes of the fake, as http.ServeMux patterns. Counters and faults
// are kept per route.
const (
	RouteToken         = "POST /token"
	RouteOrders        = "GET /retailer/orders"
	RouteOrder         = "GET /retailer/orders/{orderId}"
	RouteCancel        = "PUT /retailer/orders/cancellation"
	RouteShip          = "POST /retailer/shipments"
	RouteShipments     = "GET /retailer/shipments"
	RouteProcessStatus = "GET /shared/process-status/{processStatusId}"
	RouteSignatureKeys = "GET /retailer/subscriptions/signature-keys"
)

// Options configure a Server. Every field has a default.
type Options struct {
	// ClientID and ClientSecret are the credentials the token endpoint
	// accepts; "ordo-test-client" and "ordo-test-secret" unless set.
	ClientID     string
	ClientSecret string
	// Now is the fake's clock, time.Now unless set. Tokens expire and
	// changes are dated by it.
	Now func() time.Time
	// TokenTTL is the lifetime of a token, 299 seconds as at bol.com unless
	// set.
	TokenTTL time.Duration
	// PendingPolls is how many reads of a new process status answer
	// PENDING before it turns SUCCESS; 1 unless set, and 0 when negative.
	PendingPolls int
	// RetailerID is the seller account in push messages, 1234567 unless set.
	RetailerID int64
}

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the API; the token endpoint is URL + "/token".
	URL string
	// ClientID and ClientSecret are the credentials it accepts.
	ClientID     string
	ClientSecret string

	srv       *httptest.Server
	opts      Options
	closed    chan struct{}
	closeOnce sync.Once

	mu        sync.Mutex
	tokens    map[string]time.Time
	orders    map[string]*Order
	shipments []*Shipment
	processes map[string]*process
	seq       int
	counts    map[string]int
	faults    map[string][]Fault
	keys      []signingKey
}

// New starts a fake with opts. Close it when done.
func New(opts Options) *Server {
	opts.ClientID = cmp.Or(opts.ClientID, "ordo-test-client")
	opts.ClientSecret = cmp.Or(opts.ClientSecret, "ordo-test-secret")
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.TokenTTL = cmp.Or(opts.TokenTTL, 299*time.Second)
	if opts.PendingPolls == 0 {
		opts.PendingPolls = 1
	}
	opts.PendingPolls = max(opts.PendingPolls, 0)
	opts.RetailerID = cmp.Or(opts.RetailerID, 1234567)
	s := &Server{
		ClientID: opts.ClientID, ClientSecret: opts.ClientSecret, opts: opts,
		tokens: map[string]time.Time{}, orders: map[string]*Order{},
		processes: map[string]*process{}, counts: map[string]int{},
		faults: map[string][]Fault{}, closed: make(chan struct{}),
	}
	s.keys = []signingKey{newSigningKey("0")}
	s.srv = httptest.NewServer(s.routes())
	s.URL = s.srv.URL
	return s
}

// Close shuts the fake down, ending requests that hang for a fault.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closed) })
	s.srv.Close()
}

// TokenURL returns the address of the token endpoint.
func (s *Server) TokenURL() string { return s.URL + "/token" }

// Requests returns how many requests reached route, one of the Route
// constants, faulty ones included.
func (s *Server) Requests(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[route]
}

// RevokeTokens makes every issued token invalid, as when bol.com revokes
// them, so that the next call answers 401.
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(RouteToken, s.wrap(RouteToken, s.token))
	mux.Handle(RouteOrders, s.wrap(RouteOrders, s.listOrders))
	mux.Handle(RouteOrder, s.wrap(RouteOrder, s.getOrder))
	mux.Handle(RouteCancel, s.wrap(RouteCancel, s.cancel))
	mux.Handle(RouteShip, s.wrap(RouteShip, s.ship))
	mux.Handle(RouteShipments, s.wrap(RouteShipments, s.listShipments))
	mux.Handle(RouteProcessStatus, s.wrap(RouteProcessStatus, s.processStatus))
	mux.Handle(RouteSignatureKeys, s.wrap(RouteSignatureKeys, s.signatureKeys))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, http.StatusNotFound, "Not Found", "Not Found")
	})
	return mux
}

// wrap counts a request, plays the fault queued for its route, if any, and
// checks the token and media types before h handles it.
func (s *Server) wrap(route string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.counts[route]++
		f := s.nextFault(route)
		s.mu.Unlock()

		switch f.Kind {
		case TimeoutBefore:
			s.hang(r)
			return
		case ServerError:
			writeProblem(w, r, http.StatusServiceUnavailable, "Service Unavailable",
				"The service is temporarily unavailable.")
			return
		case RateLimit:
			w.Header().Set("Retry-After", cmp.Or(f.RetryAfter, "1"))
			writeProblem(w, r, http.StatusTooManyRequests, "Too Many Requests",
				"Too many requests, retry later.")
			return
		}
		if route != RouteToken && !s.accepted(w, r) {
			return
		}
		if f.Kind == TimeoutAfter {
			h(httptest.NewRecorder(), r)
			s.hang(r)
			return
		}
		h(w, r)
	})
}

// hang holds a request open, without an answer, until the client gives up
// or the fake closes. It reads the body first: the server notices a client
// that gives up only once the body is read.
func (s *Server) hang(r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-s.closed:
	}
}

// accepted checks the bearer token, Accept and Content-Type, answering the
// refusal itself when one fails.
func (s *Server) accepted(w http.ResponseWriter, r *http.Request) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	expiry, known := s.tokens[token]
	now := s.opts.Now()
	s.mu.Unlock()
	if !ok || !known || !now.Before(expiry) {
		writeProblem(w, r, http.StatusUnauthorized, "Unauthorized",
			"Full authentication is required to access this resource.")
		return false
	}
	if !strings.Contains(r.Header.Get("Accept"), MediaType) {
		writeProblem(w, r, http.StatusNotAcceptable, "Not Acceptable",
			"Accept header must be "+MediaType+".")
		return false
	}
	if r.Method == http.MethodPost || r.Method == http.MethodPut {
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt != MediaType {
			writeProblem(w, r, http.StatusUnsupportedMediaType, "Unsupported Media Type",
				"Content-Type header must be "+MediaType+".")
			return false
		}
	}
	return true
}

// token is the OAuth2 client credentials grant at login.bol.com/token. It
// takes the credentials as HTTP Basic or in the form, and grant_type in the
// query, as bol.com documents it, or in the form, as OAuth2 clients send it.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	if r.Form.Get("grant_type") != "client_credentials" {
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type",
			"grant_type must be client_credentials")
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != s.ClientID || secret != s.ClientSecret {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "Bad client credentials")
		return
	}
	s.mu.Lock()
	s.seq++
	token := fmt.Sprintf("fake-token-%d-%s", s.seq, randomHex(8))
	s.tokens[token] = s.opts.Now().Add(s.opts.TokenTTL)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, "application/json", map[string]any{
		"access_token": token, "token_type": "Bearer",
		"expires_in": int(s.opts.TokenTTL / time.Second), "scope": "RETAILER",
	})
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x", b)
}

// problem is bol.com's error body.
type problem struct {
	Type       string      `json:"type"`
	Title      string      `json:"title"`
	Status     int         `json:"status"`
	Detail     string      `json:"detail"`
	Host       string      `json:"host"`
	Instance   string      `json:"instance"`
	Violations []Violation `json:"violations"`
}

// Violation is one reason bol.com gives for refusing a request.
type Violation struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

func writeProblem(w http.ResponseWriter, r *http.Request, status int, title, detail string,
	violations ...Violation) {
	if violations == nil {
		violations = []Violation{}
	}
	writeJSON(w, status, MediaType, problem{
		Type: "https://api.bol.com/problems", Title: title, Status: status, Detail: detail,
		Host: "Instance-001", Instance: "https://api.bol.com" + r.URL.Path,
		Violations: violations,
	})
}

// badRequest answers bol.com's validation problem with violations.
func badRequest(w http.ResponseWriter, r *http.Request, violations ...Violation) {
	writeProblem(w, r, http.StatusBadRequest,
		"Error validating request. Consult the bol.com API documentation for more information.",
		"Bad request", violations...)
}

func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, "application/json",
		map[string]string{"error": code, "error_description": description})
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// decodeBody reads a JSON request body into v, answering 400 when it is not.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(v); err != nil {
		badRequest(w, r, Violation{Name: "body", Reason: "Request body is not valid JSON: " +
			err.Error()})
		return false
	}
	return true
}
