// Package resttest runs a fake WMS that speaks the protocol of the rest
// connector, for tests and benchmarks. It verifies what it is sent, as a
// careful WMS would, keeps count of the picks it creates, fails on
// purpose when told to, and can report its shipments back to Ordo.
package resttest

import (
	"context"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
)

// Options configures a Server.
type Options struct {
	// Secret is the key shared with Ordo: the server verifies instructions
	// with it and signs its status callbacks with it. It is required.
	Secret []byte

	// Token, if set, is a bearer token the server accepts.
	Token string
	// ClientID and ClientSecret, if set, are the credentials its OAuth2
	// token endpoint, /oauth/token, takes for the client credentials
	// grant. A bearer token it issued is then accepted too. When neither
	// Token nor ClientID is set, no bearer token is asked for.
	ClientID     string
	ClientSecret string
	// TokenTTL is how long an issued token lasts. The default is an hour.
	TokenTTL time.Duration

	// FailureRate is the fraction of instructions answered 503 before
	// anything else is done with them.
	FailureRate float64
	// TimeoutRate is the fraction of the other instructions that are
	// carried out but answered only after Delay, so that the client gives
	// up: the case where sending again must not pick twice.
	TimeoutRate float64
	// Delay is how long those answers wait, unless the client hangs up
	// first. The default is a minute.
	Delay time.Duration
	// Seed seeds the choice of the failed and delayed requests.
	Seed int64

	// Reject, if set, is asked about each instruction before it is
	// carried out; a non-empty answer refuses the instruction with 422
	// and that text as the detail of a problem+json body.
	Reject func(warehouse.Instruction) string

	// Callback, if set, is the URL of Ordo's /webhooks/wms/{location}.
	// After accepting a release the server reports each of
	// CallbackStatuses, in order, and then that the release shipped in
	// one parcel. Each report is sent every 50ms until it is answered 2xx
	// or the server is closed. A release cancelled first is not reported
	// any further.
	Callback         string
	CallbackStatuses []string
}

// Server is a fake WMS listening on a local port.
type Server struct {
	opts    Options
	http    *httptest.Server
	ctx     context.Context // ended by Close
	stop    context.CancelFunc
	reports sync.WaitGroup
	once    sync.Once

	mu          sync.Mutex
	random      *rand.Rand
	failureRate float64
	timeoutRate float64
	requests    int
	picks       map[string]int
	bodies      map[string][]byte
	answers     map[string]warehouse.Outcome // by reference, for repeats
	releases    map[string]string            // release reference by fulfilment id
	shipped     map[string]bool
	cancelled   map[string]bool
	tokens      map[string]time.Time // expiry by issued token
	issued      int
}

// Start starts a Server configured by o, and closes it when the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	if len(o.Secret) == 0 {
		t.Fatal("resttest: Options.Secret is empty; the protocol signs every request")
	}
	if o.Callback != "" {
		if u, err := url.Parse(o.Callback); err != nil || u.Host == "" {
			t.Fatalf("resttest: Options.Callback %q is not an absolute URL", o.Callback)
		}
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = time.Hour
	}
	if o.Delay <= 0 {
		o.Delay = time.Minute
	}
	s := &Server{
		opts:        o,
		random:      rand.New(rand.NewPCG(uint64(o.Seed), 0)),
		failureRate: o.FailureRate,
		timeoutRate: o.TimeoutRate,
		picks:       map[string]int{},
		bodies:      map[string][]byte{},
		answers:     map[string]warehouse.Outcome{},
		releases:    map[string]string{},
		shipped:     map[string]bool{},
		cancelled:   map[string]bool{},
		tokens:      map[string]time.Time{},
	}
	s.ctx, s.stop = context.WithCancel(context.Background())
	mux := http.NewServeMux()
	mux.HandleFunc("POST /instructions", s.instruction)
	mux.HandleFunc("POST /oauth/token", s.token)
	s.http = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// URL is the server's base URL, for rest.Options.URL. Its token endpoint
// is URL()+"/oauth/token".
func (s *Server) URL() string { return s.http.URL }

// Close stops the status callbacks, waits for them and for the requests
// under way, and shuts the server down. Closing twice does nothing.
func (s *Server) Close() {
	s.once.Do(func() {
		s.stop()
		s.http.Close()
		s.reports.Wait()
	})
}

// SetFaults changes the fraction of instructions answered 503 and the
// fraction answered late, from now on; a test can end an outage with it.
func (s *Server) SetFaults(failureRate, timeoutRate float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failureRate, s.timeoutRate = failureRate, timeoutRate
}

// Picks is how many picks each release reference created. An instruction
// the server already has creates none, so it is never more than 1.
func (s *Server) Picks() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.picks)
}

// Requests is how many instructions the server received, counting
// repeats and those it failed or refused.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Bodies is the body first carried out for each reference, as sent.
func (s *Server) Bodies() map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	bodies := make(map[string][]byte, len(s.bodies))
	for reference, body := range s.bodies {
		bodies[reference] = append([]byte(nil), body...)
	}
	return bodies
}

// Cancelled reports, by release reference, the picks that a cancel
// stopped.
func (s *Server) Cancelled() map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.cancelled)
}

// TokensIssued is how many OAuth2 tokens the token endpoint issued.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}
