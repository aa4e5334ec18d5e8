package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"go.yaml.in/yaml/v3"
)

// route is one route of api.Server.Handler, as its pattern and its path in
// the OpenAPI document.
type route struct {
	method, path string
}

// routes lists every route that api.Server.Handler registers, apart from
// the catch-all that answers 404.
var routes = []route{
	{http.MethodPost, "/webhooks/shopify"},
	{http.MethodPost, "/api/v1/orders"},
	{http.MethodGet, "/api/v1/orders"},
	{http.MethodGet, "/api/v1/orders/{id}"},
	{http.MethodGet, "/api/v1/orders/{id}/events"},
	{http.MethodGet, "/api/v1/quarantine"},
	{http.MethodGet, "/api/openapi.yaml"},
	{http.MethodGet, "/healthz"},
	{http.MethodGet, "/readyz"},
	{http.MethodGet, "/metrics"},
	{http.MethodGet, "/"},
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		id := e.webhook(t, "orders/create", readFixture(t, "shopify_order.json")).OMSOrderID
		tokens := []struct {
			name, header, challenge string
		}{
			{"without a token", "", `Bearer realm="ordo"`},
			{"with a bogus token", "Bearer ordo_" + strings.Repeat("A", 43),
				`Bearer realm="ordo", error="invalid_token"`},
			{"with a token in the wrong form", "Bearer not-a-token",
				`Bearer realm="ordo", error="invalid_token"`},
			{"with another scheme", "Basic dXNlcjpwYXNz", `Bearer realm="ordo"`},
		}
		for _, rt := range routes {
			if !strings.HasPrefix(rt.path, "/api/v1/") {
				continue
			}
			path := strings.ReplaceAll(rt.path, "{id}", id)
			for _, tok := range tokens {
				t.Run(rt.method+" "+rt.path+" "+tok.name+" is refused", func(t *testing.T) {
					req := e.request(t, rt.method, path, nil)
					if rt.method == http.MethodPost {
						req = e.orderRequest(t, uuid.NewString(), readFixture(t, "order.json"))
					}
					req.Header.Del("Authorization")
					if tok.header != "" {
						req.Header.Set("Authorization", tok.header)
					}
					r := e.send(t, req)
					wantProblem(t, r, http.StatusUnauthorized)
					if got := r.Header.Get("WWW-Authenticate"); got != tok.challenge {
						t.Errorf("WWW-Authenticate = %q, want %q", got, tok.challenge)
					}
				})
			}
		}
		t.Run("refused requests store nothing", func(t *testing.T) {
			if n := e.countRows(t, "orders"); n != 1 {
				t.Errorf("%d orders, want only the one made by the webhook", n)
			}
		})
		t.Run("a valid token is admitted", func(t *testing.T) {
			req := e.request(t, http.MethodGet, "/api/v1/orders/"+id, nil)
			req.Header.Set("Authorization", "bearer "+e.Token)
			wantStatus(t, e.send(t, req), http.StatusOK)
		})
	})
}

func TestOperationalEndpoints(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		t.Run("healthz and readyz answer 200", func(t *testing.T) {
			for _, path := range []string{"/healthz", "/readyz"} {
				r := e.get(t, path)
				wantStatus(t, r, http.StatusOK)
				if mediaType(r) != "application/json" {
					t.Errorf("%s: Content-Type = %q", path, r.Header.Get("Content-Type"))
				}
			}
		})

		t.Run("metrics show the job queue", func(t *testing.T) {
			// An order's validation job is enqueued before its webhook is
			// answered, so the queue holds at least that job.
			e.webhook(t, "orders/create", fixture(t, "shopify_order.json",
				map[string]any{"id": 5512345670888}))
			if v, ok := e.metric(t, "ordo_jobs"); !ok || v < 1 {
				t.Errorf("ordo_jobs = %v (shown: %t), want at least 1", v, ok)
			}
		})

		t.Run("metrics show duplicates suppressed before the first one", func(t *testing.T) {
			if v, ok := e.metric(t, "ordo_duplicates_suppressed_total"); !ok || v != 0 {
				t.Errorf("BUG: a new server's /metrics shows ordo_duplicates_suppressed_total "+
					"= %v (series shown: %t), want 0 for configured channel %s: the "+
					"per-channel counters are not initialised at start, so the series "+
					"appears only after the first duplicate and increase()/alerts see no "+
					"data instead of 0", v, ok, testChannel)
			}
		})

		t.Run("metrics show duplicates suppressed", func(t *testing.T) {
			body := readFixture(t, "shopify_order.json")
			eventID := uuid.NewString()
			for range 2 {
				req := e.shopifyRequest(t, "orders/create", eventID, body)
				wantResult(t, e.send(t, req), http.StatusOK)
			}
			if v, ok := e.metric(t, "ordo_duplicates_suppressed_total"); v != 1 {
				t.Errorf("ordo_duplicates_suppressed_total = %v (shown: %t), want 1", v, ok)
			}
		})

		t.Run("home page is served", func(t *testing.T) {
			r := e.get(t, "/")
			wantStatus(t, r, http.StatusOK)
			if mediaType(r) != "text/html" {
				t.Errorf("Content-Type = %q, want text/html", r.Header.Get("Content-Type"))
			}
		})

		t.Run("unknown path is a 404 problem", func(t *testing.T) {
			p := wantProblem(t, e.get(t, "/no/such/path"), http.StatusNotFound)
			if !strings.Contains(p.Detail, "/no/such/path") {
				t.Errorf("detail %q does not name the path", p.Detail)
			}
		})

		t.Run("a wrong method is a 405 problem naming the right ones", func(t *testing.T) {
			r := e.send(t, e.request(t, http.MethodDelete, "/api/v1/orders", nil))
			wantProblem(t, r, http.StatusMethodNotAllowed)
			if allow := r.Header.Get("Allow"); allow != "GET, POST" {
				t.Errorf("Allow = %q, want %q", allow, "GET, POST")
			}
		})

		t.Run("openapi.yaml describes every route", func(t *testing.T) {
			r := e.get(t, "/api/openapi.yaml")
			wantStatus(t, r, http.StatusOK)
			var doc struct {
				OpenAPI string                    `yaml:"openapi"`
				Paths   map[string]map[string]any `yaml:"paths"`
			}
			if err := yaml.Unmarshal(r.Body, &doc); err != nil {
				t.Fatalf("openapi.yaml does not parse: %v", err)
			}
			if !strings.HasPrefix(doc.OpenAPI, "3.") {
				t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
			}
			var missing []string
			for _, rt := range routes {
				if _, ok := doc.Paths[rt.path][strings.ToLower(rt.method)]; !ok {
					missing = append(missing, rt.method+" "+rt.path)
				}
			}
			if len(missing) > 0 {
				t.Errorf("BUG: api/openapi.yaml does not document routes that Handler() "+
					"serves; missing under paths: %s", strings.Join(missing, ", "))
			}
		})
	})
}
