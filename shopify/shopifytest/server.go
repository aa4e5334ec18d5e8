package shopifytest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Options configure a Server. The zero value is a standard-plan shop with
// the access token "shpat_test".
type Options struct {
	// AccessToken is the token every request must carry in
	// X-Shopify-Access-Token; "" means "shpat_test".
	AccessToken string
	// BucketSize is how many requests the app's bucket holds; 0 means 40,
	// the standard plan's.
	BucketSize int
	// LeakRate is how many requests per second leak from the bucket; 0
	// means 2, the standard plan's.
	LeakRate float64
	// RetryAfter is the Retry-After header of an injected 429; "" means
	// "2.0", what Shopify sends.
	RetryAfter string
	// Stall is the longest an injected timeout holds a request before the
	// fake answers 504; 0 means 5 seconds. A client with a shorter timeout
	// gives up first.
	Stall time.Duration
	// Now tells the time of the fake's changes to orders; nil means
	// time.Now, in UTC and to the second.
	Now func() time.Time
}

// Server is a fake of one shop's REST Admin API, on a local HTTP server.
// It is safe for concurrent use.
type Server struct {
	srv  *httptest.Server
	opts Options

	mu       sync.Mutex
	orders   map[int64]*orderState
	nextID   int64
	level    float64 // requests in the bucket
	leakedAt time.Time
	requests map[string]int
	faults   map[string][]Fault
}

// New starts a fake shop. Close stops it.
func New(opts Options) *Server {
	if opts.AccessToken == "" {
		opts.AccessToken = "shpat_test"
	}
	if opts.BucketSize <= 0 {
		opts.BucketSize = 40
	}
	if opts.LeakRate <= 0 {
		opts.LeakRate = 2
	}
	if opts.RetryAfter == "" {
		opts.RetryAfter = "2.0"
	}
	if opts.Stall <= 0 {
		opts.Stall = 5 * time.Second
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return time.Now().UTC().Truncate(time.Second) }
	}
	s := &Server{opts: opts, orders: map[int64]*orderState{}, nextID: 900000000000,
		requests: map[string]int{}, faults: map[string][]Fault{}}
	s.srv = httptest.NewServer(s)
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// URL is the scheme and host of the fake shop, for
// shopify.AdminOptions.BaseURL.
func (s *Server) URL() string { return s.srv.URL }

// AccessToken is the token the fake accepts.
func (s *Server) AccessToken() string { return s.opts.AccessToken }

// AddOrder adds o to the shop, with one open fulfilment order holding all
// its line items.
func (s *Server) AddOrder(o Order) error { return s.AddOrderJSON(o.JSON()) }

// AddOrderJSON adds an order given as Shopify's REST order resource, such
// as a webhook body, with one fulfilment order holding all its line items
// that are still to fulfil. An order with the same id is replaced.
func (s *Server) AddOrderJSON(body []byte) error {
	o, err := parseOrder(body)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.newFulfillmentOrder(o)
	if o.financial == "paid" || o.financial == "partially_refunded" {
		o.sales = append(o.sales, &Transaction{ID: s.newID(), Kind: "sale",
			Gateway: o.gateway, Amount: o.total(), Status: "success"})
	}
	s.orders[o.id] = o
	return nil
}

// SetUpdatedAt sets the updated_at of an order, as a change made in the
// Shopify admin would.
func (s *Server) SetUpdatedAt(orderID int64, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[orderID]
	if !ok {
		return fmt.Errorf("shopifytest: no order %d", orderID)
	}
	o.updatedAt = at
	return nil
}

// Order returns the REST order resource of an order as it stands.
func (s *Server) Order(orderID int64) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[orderID]
	if !ok {
		return nil, false
	}
	b, err := json.Marshal(o.render())
	return b, err == nil
}

// Requests returns how many requests the fake received for an endpoint,
// named by method and path below /admin/api/{version} with ids written
// {id}, such as "POST /fulfillments.json" or "GET /orders/{id}.json".
// Requests refused for their token, rate limit or an injected fault count
// as well.
func (s *Server) Requests(method, path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[method+" "+path]
}

// Fulfillments returns the fulfilments made of an order, oldest first.
func (s *Server) Fulfillments(orderID int64) []Fulfillment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Fulfillment
	if o, ok := s.orders[orderID]; ok {
		for _, f := range o.fulfillments {
			c := *f
			c.Lines = slices.Clone(f.Lines)
			out = append(out, c)
		}
	}
	return out
}

// Refunds returns the refunds made of an order, oldest first.
func (s *Server) Refunds(orderID int64) []Refund {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Refund
	if o, ok := s.orders[orderID]; ok {
		for _, r := range o.refunds {
			c := *r
			c.Lines = slices.Clone(r.Lines)
			c.Transactions = slices.Clone(r.Transactions)
			out = append(out, c)
		}
	}
	return out
}

// newID returns a new id for a resource the fake creates. The caller
// holds s.mu.
func (s *Server) newID() int64 {
	s.nextID++
	return s.nextID
}

// apiPath matches the versioned prefix of every Admin API path.
var apiPath = regexp.MustCompile(`^/admin/api/(\d{4}-\d{2}|unstable)(/.*)$`)

// ServeHTTP answers as the shop's Admin API: it checks the version in the
// path and the access token, counts the request against the bucket, plays
// an injected fault if one is due, and then serves the endpoint.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m := apiPath.FindStringSubmatch(r.URL.Path)
	if m == nil {
		s.count(r.Method, r.URL.Path)
		writeErrors(w, http.StatusNotFound, "Not Found")
		return
	}
	version, path := m[1], m[2]
	s.count(r.Method, path)
	if r.Header.Get("X-Shopify-Access-Token") != s.opts.AccessToken {
		writeErrors(w, http.StatusUnauthorized,
			"[API] Invalid API key or access token (unrecognized login or wrong password)")
		return
	}
	if !s.admit(w) {
		return
	}
	if f, ok := s.takeFault(r.Method, path); ok {
		s.playFault(w, r, f, version, path)
		return
	}
	s.route(w, r, version, path)
}

// count adds one request to the counter of its endpoint.
func (s *Server) count(method, path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests[method+" "+pattern(path)]++
}

// idSegment matches a path segment that is an id, with or without .json.
var idSegment = regexp.MustCompile(`^\d+(\.json)?$`)

// pattern writes the ids in path as {id}.
func pattern(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if idSegment.MatchString(p) {
			parts[i] = "{id}" + strings.TrimLeft(p, "0123456789")
		}
	}
	return strings.Join(parts, "/")
}

// admit counts the request into the leaky bucket and sets the call-limit
// header, or answers 429 when the bucket is full.
func (s *Server) admit(w http.ResponseWriter) bool {
	s.mu.Lock()
	now := time.Now()
	if !s.leakedAt.IsZero() {
		s.level = max(0, s.level-now.Sub(s.leakedAt).Seconds()*s.opts.LeakRate)
	}
	s.leakedAt = now
	size := float64(s.opts.BucketSize)
	full := s.level+1 > size
	if !full {
		s.level++
	}
	used := min(int(s.level+0.999), s.opts.BucketSize)
	wait := (s.level + 1 - size) / s.opts.LeakRate
	s.mu.Unlock()

	w.Header().Set("X-Shopify-Shop-Api-Call-Limit", fmt.Sprintf("%d/%d", used, s.opts.BucketSize))
	if full {
		w.Header().Set("Retry-After", fmt.Sprintf("%.1f", max(wait, 0.1)))
		writeErrors(w, http.StatusTooManyRequests, "Exceeded 2 calls per second for api client. "+
			"Reduce request rates to resume uninterrupted service.")
		return false
	}
	return true
}

// route serves one Admin API endpoint.
func (s *Server) route(w http.ResponseWriter, r *http.Request, version, path string) {
	seg := strings.Split(strings.TrimPrefix(path, "/"), "/")
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	switch {
	case get && path == "/orders.json":
		s.listOrders(w, r, version)
	case get && len(seg) == 2 && seg[0] == "orders" && idSegment.MatchString(seg[1]):
		s.getOrder(w, r, strings.TrimSuffix(seg[1], ".json"))
	case post && path == "/fulfillments.json":
		s.createFulfillment(w, r)
	case len(seg) >= 3 && seg[0] == "orders":
		s.routeOrder(w, r, seg[1], strings.Join(seg[2:], "/"))
	default:
		writeErrors(w, http.StatusNotFound, "Not Found")
	}
}

// routeOrder serves the endpoints below /orders/{id}/.
func (s *Server) routeOrder(w http.ResponseWriter, r *http.Request, id, rest string) {
	switch r.Method + " " + rest {
	case "GET fulfillment_orders.json":
		s.listFulfillmentOrders(w, id)
	case "GET fulfillments.json":
		s.listFulfillments(w, id)
	case "POST cancel.json":
		s.cancelOrder(w, r, id)
	case "POST refunds/calculate.json":
		s.serveRefund(w, r, id, s.calculateRefund)
	case "POST refunds.json":
		s.serveRefund(w, r, id, s.createRefund)
	default:
		writeErrors(w, http.StatusNotFound, "Not Found")
	}
}

// writeJSON writes v as the JSON answer with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeErrors writes Shopify's error shape, {"errors": errs}, where errs
// is a string, a list of strings, or an object of field names to
// messages.
func writeErrors(w http.ResponseWriter, status int, errs any) {
	writeJSON(w, status, map[string]any{"errors": errs})
}
