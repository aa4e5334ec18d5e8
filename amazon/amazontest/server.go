// Package amazontest is an in-memory fake of the parts of Amazon's Selling
// Partner API that Ordo uses: the Login with Amazon token endpoint and the
// Orders API v0 operations getOrders, getOrder, getOrderItems and
// confirmShipment. It checks requests as Amazon does (access token header,
// required parameters, the two-minute rule of getOrders, content type,
// item ids and quantities of a confirmation), answers in Amazon's shapes
// ({"payload": ...} and {"errors": [...]}), sends x-amzn-RateLimit-Limit
// with every answer, and can limit rates, withhold restricted buyer data,
// and inject faults. It is safe for concurrent use; tests, the demo and
// end-to-end tests share it.
package amazontest

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The operations, as Amazon names them, that the fake counts, limits and
// injects faults into. OpToken is the Login with Amazon token endpoint.
const (
	OpToken           = "token"
	OpGetOrders       = "getOrders"
	OpGetOrder        = "getOrder"
	OpGetOrderItems   = "getOrderItems"
	OpConfirmShipment = "confirmShipment"
)

// defaultRates are the documented default rates, sent in
// x-amzn-RateLimit-Limit unless SetRateLimit changes them.
var defaultRates = map[string]float64{
	OpGetOrders: 0.0167, OpGetOrder: 0.5, OpGetOrderItems: 0.5, OpConfirmShipment: 2,
}

// Config configures a Server. Empty credentials get fixed test values.
type Config struct {
	ClientID     string
	ClientSecret string
	RefreshToken string
	// TokenLifetime is the expires_in of access tokens; an hour if zero.
	TokenLifetime time.Duration
	// PageSize is the number of orders in a getOrders page and of items in
	// a getOrderItems page; 100 if zero.
	PageSize int
	// Now returns the current time; time.Now if nil.
	Now func() time.Time
}

// Server is the fake. Its URL is the SP-API endpoint and TokenURL the
// Login with Amazon token endpoint.
type Server struct {
	// URL is the base URL of the fake SP-API endpoint.
	URL string
	// TokenURL is the URL of the fake token endpoint.
	TokenURL string
	// ClientID, ClientSecret and RefreshToken are the credentials the token
	// endpoint accepts.
	ClientID, ClientSecret, RefreshToken string

	srv      *httptest.Server
	lifetime time.Duration
	pageSize int
	now      func() time.Time
	closing  chan struct{}

	mu        sync.Mutex
	orders    map[string]*Order
	tokens    map[string]time.Time // access token → expiry
	pages     map[string]page      // NextToken → the page it opens
	requests  map[string]int
	faults    map[string][]*fault
	limits    map[string]*limit
	shipments map[string][]Shipment
	withhold  bool
	closeOnce sync.Once
}

// New starts a fake with cfg.
func New(cfg Config) *Server {
	s := &Server{
		ClientID:     cmp.Or(cfg.ClientID, "amzn1.application-oa2-client.test"),
		ClientSecret: cmp.Or(cfg.ClientSecret, "test-client-secret"),
		RefreshToken: cmp.Or(cfg.RefreshToken, "Atzr|test-refresh-token"),
		lifetime:     cfg.TokenLifetime,
		pageSize:     cfg.PageSize,
		now:          cfg.Now,
		closing:      make(chan struct{}),
		orders:       map[string]*Order{},
		tokens:       map[string]time.Time{},
		pages:        map[string]page{},
		requests:     map[string]int{},
		faults:       map[string][]*fault{},
		limits:       map[string]*limit{},
		shipments:    map[string][]Shipment{},
	}
	if s.lifetime <= 0 {
		s.lifetime = time.Hour
	}
	if s.pageSize <= 0 {
		s.pageSize = 100
	}
	if s.now == nil {
		s.now = time.Now
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/o2/token", s.handleToken)
	mux.HandleFunc("GET /orders/v0/orders", s.api(OpGetOrders, s.handleGetOrders))
	mux.HandleFunc("GET /orders/v0/orders/{orderId}", s.api(OpGetOrder, s.handleGetOrder))
	mux.HandleFunc("GET /orders/v0/orders/{orderId}/orderItems",
		s.api(OpGetOrderItems, s.handleGetOrderItems))
	mux.HandleFunc("POST /orders/v0/orders/{orderId}/shipmentConfirmation",
		s.api(OpConfirmShipment, s.handleConfirmShipment))
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	s.TokenURL = s.srv.URL + "/auth/o2/token"
	return s
}

// Close stops the server, releasing requests held by timeout faults.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.srv.Close()
}

// Requests returns how many requests the operation op has received,
// including refused ones.
func (s *Server) Requests(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[op]
}

// SetWithholdPII makes the fake answer as Amazon does to an application
// without the Direct-to-Consumer Shipping role or a Restricted Data Token:
// no BuyerInfo, and a ShippingAddress with only city, region, postcode
// and country.
func (s *Server) SetWithholdPII(on bool) {
	s.mu.Lock()
	s.withhold = on
	s.mu.Unlock()
}

// ExpireTokens makes every access token handed out so far expired, as if
// an hour had passed.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	for t := range s.tokens {
		s.tokens[t] = time.Time{}
	}
	s.mu.Unlock()
}

// api wraps an SP-API handler: it counts the request, sets the rate limit
// headers, checks the access token and the rate limit, and applies any
// injected fault.
func (s *Server) api(op string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-amzn-RequestId", newID())
		s.mu.Lock()
		s.requests[op]++
		rate := s.rate(op)
		s.mu.Unlock()
		w.Header().Set("x-amzn-RateLimit-Limit", strconv.FormatFloat(rate, 'f', -1, 64))
		if !s.authorised(w, r) {
			return
		}
		if !s.allow(op) {
			writeErrors(w, http.StatusTooManyRequests, "QuotaExceeded",
				"You exceeded your quota for the requested resource.", "")
			return
		}
		if f := s.takeFault(op); f != nil {
			f.apply(w, r, s.closing, h)
			return
		}
		h(w, r)
	}
}

// authorised checks the x-amz-access-token header, answering 403 as
// SP-API does when it is missing, unknown or expired.
func (s *Server) authorised(w http.ResponseWriter, r *http.Request) bool {
	tok := r.Header.Get("x-amz-access-token")
	if tok == "" {
		writeErrors(w, http.StatusForbidden, "Unauthorized",
			"Access to requested resource is denied.", "The access token is missing.")
		return false
	}
	s.mu.Lock()
	exp, ok := s.tokens[tok]
	now := s.now()
	s.mu.Unlock()
	switch {
	case !ok:
		writeErrors(w, http.StatusForbidden, "Unauthorized",
			"Access to requested resource is denied.",
			"The access token you provided is revoked, malformed or invalid.")
		return false
	case !now.Before(exp):
		writeErrors(w, http.StatusForbidden, "Unauthorized",
			"Access to requested resource is denied.",
			"The access token you provided has expired.")
		return false
	}
	return true
}

// handleToken is the Login with Amazon token endpoint for the
// refresh_token grant.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests[OpToken]++
	s.mu.Unlock()
	if f := s.takeFault(OpToken); f != nil {
		f.apply(w, r, s.closing, s.token)
		return
	}
	s.token(w, r)
}

// token answers a token request.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	lwaError := func(status int, code, desc string) {
		writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") ||
		r.ParseForm() != nil {
		lwaError(http.StatusBadRequest, "invalid_request",
			"The request is missing a required parameter or is otherwise malformed.")
		return
	}
	switch {
	case r.PostForm.Get("grant_type") != "refresh_token":
		lwaError(http.StatusBadRequest, "unsupported_grant_type",
			"The authorization grant type is not supported by the authorization server.")
	case r.PostForm.Get("client_id") != s.ClientID ||
		r.PostForm.Get("client_secret") != s.ClientSecret:
		lwaError(http.StatusUnauthorized, "invalid_client",
			"Client authentication failed")
	case r.PostForm.Get("refresh_token") != s.RefreshToken:
		lwaError(http.StatusBadRequest, "invalid_grant",
			"The request has an invalid grant parameter : refresh_token")
	default:
		tok := "Atza|" + newID()
		s.mu.Lock()
		s.tokens[tok] = s.now().Add(s.lifetime)
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"access_token": tok,
			"refresh_token": s.RefreshToken, "token_type": "bearer",
			"expires_in": int64(s.lifetime / time.Second)})
	}
}

// writeErrors answers with SP-API's error list holding one error.
func writeErrors(w http.ResponseWriter, status int, code, message, details string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]string{
		{"code": code, "message": message, "details": details}}})
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// newID returns a random hexadecimal id.
func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
