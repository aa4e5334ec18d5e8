package api_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ordo-oms/ordo/api"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/node"
	"github.com/ordo-oms/ordo/node/nodetest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/shopify"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
	"github.com/ordo-oms/ordo/telemetry"
)

// The test configuration's one Shopify channel.
const (
	testChannel = "shop-test"
	testShop    = "test-shop.myshopify.com"
)

// maxBody is the test configuration's http.max_body_bytes.
const maxBody = 64 << 10

// settleTimeout bounds every wait for background work, such as validation.
const settleTimeout = 10 * time.Second

// testEnv is a running Ordo API on a real database, with its job queue.
type testEnv struct {
	// URL is the base URL of the HTTP server.
	URL string
	// DB is the server's database, for checking what was stored.
	DB *store.DB
	// Token is an admin API token.
	Token string
	// Secret is the test channel's webhook secret.
	Secret string
	// ShopDomain is the test channel's shop domain.
	ShopDomain string
	// Config is the server's configuration.
	Config *config.Config
	// Client talks to the server.
	Client *http.Client
	// Node is the server's node: its group commit and job queue.
	Node *node.Node
}

var tracing sync.Once

// newTestServer starts Ordo's HTTP API on a new database of dialect d,
// wired as cmd/ordo wires it: the ingest service, a group-commit Batcher
// that flushes into the job queue, and the started queue. Everything is
// stopped when the test ends. tweaks change the configuration first.
func newTestServer(t testing.TB, d store.Dialect, tweaks ...func(*config.Config)) *testEnv {
	t.Helper()
	// The program installs a real tracer provider; so do the tests, once,
	// since it is process-wide.
	tracing.Do(func() { telemetry.InitTracing() })

	db := storetest.Open(t, d)
	secret := make([]byte, 16)
	if _, err := rand.Read(secret); err != nil {
		t.Fatalf("make secret: %v", err)
	}
	cfg := config.Default()
	cfg.HTTP.MaxBodyBytes = maxBody
	cfg.Channels = []config.Channel{{ID: testChannel, Kind: "shopify", ShopDomain: testShop,
		Secret: config.Secret(hex.EncodeToString(secret))}}
	for _, tweak := range tweaks {
		tweak(cfg)
	}
	cfg = cfg.WithDefaults()
	log, err := telemetry.NewLogger(io.Discard, "debug", "json")
	if err != nil {
		t.Fatalf("logger: %v", err)
	}
	n := nodetest.Start(t, cfg, db, log)

	srv := &api.Server{
		Config:     cfg,
		DB:         db,
		Orders:     n.Orders,
		Allocation: n.Allocation,
		Fulfilment: n.Fulfilment,
		Queue:      n.Queue,
		Outbox:     n.Outbox,
		Pull:       n.Pull,
		Bol:        n.Channels.Bol,
		Metrics: telemetry.NewMetrics(func(ctx context.Context) (map[string]int64, error) {
			return store.CountJobs(ctx, db.Read)
		}),
		Log: log,
		Now: time.Now,
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)

	token, err := store.CreateToken(context.Background(), db.Write, "test-admin", "admin",
		time.Now())
	if err != nil {
		t.Fatalf("create token: %v", err)
	}
	return &testEnv{
		URL:        hs.URL,
		DB:         db,
		Token:      token,
		Secret:     cfg.Channels[0].Secret.Reveal(),
		ShopDomain: testShop,
		Config:     cfg,
		Client:     hs.Client(),
		Node:       n,
	}
}

// forEachDialect runs test, in parallel, once on every database dialect,
// each with a server of its own.
func forEachDialect(t *testing.T, test func(t *testing.T, e *testEnv)) {
	t.Helper()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			test(t, newTestServer(t, d))
		})
	}
}

// response is an HTTP response, read whole.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// decode decodes the body as JSON into v.
func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode response body %q: %v", r.Body, err)
	}
}

// send sends req and reads the answer.
func (e *testEnv) send(t testing.TB, req *http.Request) response {
	t.Helper()
	r, err := e.try(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	return r
}

// try sends req and reads the answer; it may be called from any goroutine.
func (e *testEnv) try(req *http.Request) (response, error) {
	res, err := e.Client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, err
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: body}, nil
}

// sendAtOnce sends n requests made by newRequest, all at the same time,
// and returns their answers in order; a request that gets none fails the
// test.
func (e *testEnv) sendAtOnce(t testing.TB, n int, newRequest func() *http.Request) []response {
	t.Helper()
	results := make([]response, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		req := newRequest()
		wg.Go(func() { results[i], errs[i] = e.try(req) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	return results
}

// request returns a request to path on the server, with the admin token
// unless the request is for a route that needs none.
func (e *testEnv) request(t testing.TB, method, path string, body []byte) *http.Request {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, e.URL+path, r)
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if strings.HasPrefix(path, "/api/v1/") {
		req.Header.Set("Authorization", "Bearer "+e.Token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// get fetches path, with the admin token under /api/v1.
func (e *testEnv) get(t testing.TB, path string) response {
	t.Helper()
	return e.send(t, e.request(t, http.MethodGet, path, nil))
}

// orderRequest returns a POST /api/v1/orders with an Idempotency-Key, or
// none when key is empty.
func (e *testEnv) orderRequest(t testing.TB, key string, body []byte) *http.Request {
	t.Helper()
	req := e.request(t, http.MethodPost, "/api/v1/orders", body)
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return req
}

// postOrder posts a canonical order under an Idempotency-Key.
func (e *testEnv) postOrder(t testing.TB, key string, body []byte) response {
	t.Helper()
	return e.send(t, e.orderRequest(t, key, body))
}

// shopifyRequest returns a Shopify webhook delivery of body on topic,
// signed with the test channel's secret, as Shopify sends it.
func (e *testEnv) shopifyRequest(t testing.TB, topic, eventID string, body []byte) *http.Request {
	t.Helper()
	req := e.request(t, http.MethodPost, "/webhooks/shopify", body)
	req.Header.Set("X-Shopify-Topic", topic)
	req.Header.Set("X-Shopify-Shop-Domain", e.ShopDomain)
	req.Header.Set("X-Shopify-Hmac-Sha256", shopify.Sign([]byte(e.Secret), body))
	req.Header.Set("X-Shopify-Event-Id", eventID)
	req.Header.Set("X-Shopify-Webhook-Id", "webhook-"+eventID)
	req.Header.Set("X-Shopify-API-Version", "2026-01")
	return req
}

// webhook delivers body on topic under a new event id and returns the
// answer, which must be 200.
func (e *testEnv) webhook(t testing.TB, topic string, body []byte) ingest.Result {
	t.Helper()
	return wantResult(t, e.send(t, e.shopifyRequest(t, topic, uuid.NewString(), body)),
		http.StatusOK)
}

// wantResult checks that r has the given status and a JSON ingest result,
// and returns the result.
func wantResult(t testing.TB, r response, status int) ingest.Result {
	t.Helper()
	wantStatus(t, r, status)
	if ct := mediaType(r); ct != "application/json" {
		t.Fatalf("Content-Type = %q, want application/json", ct)
	}
	var res ingest.Result
	r.decode(t, &res)
	if res.OMSOrderID == "" {
		t.Fatalf("result %s has no oms_order_id", r.Body)
	}
	return res
}

// wantStatus fails the test when r does not have the status want.
func wantStatus(t testing.TB, r response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status = %d, want %d; body: %s", r.Status, want, r.Body)
	}
}

// problem is an RFC 9457 problem document as Ordo writes it.
type problem struct {
	Type         string `json:"type"`
	Title        string `json:"title"`
	Status       int    `json:"status"`
	Detail       string `json:"detail"`
	TraceID      string `json:"trace_id"`
	QuarantineID string `json:"quarantine_id"`
}

// wantProblem checks that r is a problem document with the given status
// and a title and detail, and returns it.
func wantProblem(t testing.TB, r response, status int) problem {
	t.Helper()
	wantStatus(t, r, status)
	if ct := mediaType(r); ct != "application/problem+json" {
		t.Fatalf("Content-Type = %q, want application/problem+json; body: %s", ct, r.Body)
	}
	var p problem
	r.decode(t, &p)
	if p.Status != status || p.Title == "" || p.Detail == "" || p.Type == "" {
		t.Fatalf("problem %s: want type, title, detail and status %d", r.Body, status)
	}
	return p
}

func mediaType(r response) string {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt
}

// order fetches an order through the API.
func (e *testEnv) order(t testing.TB, id string) store.OrderRecord {
	t.Helper()
	r := e.get(t, "/api/v1/orders/"+url.PathEscape(id))
	wantStatus(t, r, http.StatusOK)
	var rec store.OrderRecord
	r.decode(t, &rec)
	return rec
}

// events fetches an order's events through the API.
func (e *testEnv) events(t testing.TB, id string) []store.Event {
	t.Helper()
	r := e.get(t, "/api/v1/orders/"+url.PathEscape(id)+"/events")
	wantStatus(t, r, http.StatusOK)
	var doc struct {
		Events []store.Event `json:"events"`
	}
	r.decode(t, &doc)
	return doc.Events
}

// eventsOfType returns the events of the given type.
func eventsOfType(events []store.Event, eventType string) []store.Event {
	var out []store.Event
	for _, ev := range events {
		if ev.Type == eventType {
			out = append(out, ev)
		}
	}
	return out
}

// waitSettled waits until an order's validation has run, that is until its
// status is no longer received, and returns the order.
func (e *testEnv) waitSettled(t testing.TB, id string) store.OrderRecord {
	t.Helper()
	return e.waitUntil(t, id, "no longer received", func(rec store.OrderRecord) bool {
		return rec.Status != order.StatusReceived
	})
}

// waitUntil polls an order until done says it is as wanted, described by
// want, and returns it. It fails the test after settleTimeout.
func (e *testEnv) waitUntil(t testing.TB, id, want string,
	done func(store.OrderRecord) bool) store.OrderRecord {
	t.Helper()
	deadline := time.Now().Add(settleTimeout)
	for {
		rec := e.order(t, id)
		if done(rec) {
			return rec
		}
		if time.Now().After(deadline) {
			t.Fatalf("order %s is %q after %s, want it %s", id, rec.Status, settleTimeout, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// countRows returns the number of rows in a table of the server's database.
func (e *testEnv) countRows(t testing.TB, table string) int {
	t.Helper()
	var n int
	if err := e.DB.Read.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// metric returns the sum over all labels of a metric on GET /metrics, and
// whether /metrics shows it at all.
func (e *testEnv) metric(t testing.TB, name string) (float64, bool) {
	t.Helper()
	r := e.get(t, "/metrics")
	wantStatus(t, r, http.StatusOK)
	return parseMetric(t, r.Body, name)
}

// parseMetric sums the samples of name in the Prometheus text format.
func parseMetric(t testing.TB, text []byte, name string) (float64, bool) {
	t.Helper()
	var sum float64
	found := false
	sc := bufio.NewScanner(bytes.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		series := strings.FieldsFunc(line, func(r rune) bool { return r == '{' || r == ' ' })
		if len(series) == 0 || series[0] != name {
			continue
		}
		fields := strings.Fields(line)
		v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
		if err != nil {
			t.Fatalf("metric line %q: %v", line, err)
		}
		sum, found = sum+v, true
	}
	return sum, found
}

// readFixture returns the contents of a file in testdata.
func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixture returns the JSON object in testdata/name with the top-level
// members in set replaced (a nil value removes the member). Numbers keep
// their exact text.
func fixture(t testing.TB, name string, set map[string]any) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(readFixture(t, name)))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("decode testdata/%s: %v", name, err)
	}
	for k, v := range set {
		if v == nil {
			delete(doc, k)
			continue
		}
		doc[k] = v
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatalf("encode testdata/%s: %v", name, err)
	}
	return b
}
