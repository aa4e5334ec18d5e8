// Package api serves Ordo over HTTP: channel webhooks, the JSON API under
// /api/v1, health and metrics. Every error is an application/problem+json
// document that says what to fix.
package api

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/bol"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/outbox"
	"github.com/ordo-oms/ordo/pull"
	"github.com/ordo-oms/ordo/square"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/telemetry"
	"github.com/ordo-oms/ordo/warehouse"
)

// Server holds what the handlers need. Every field must be set.
type Server struct {
	Config     *config.Config
	DB         *store.DB
	Orders     *ingest.Service
	Allocation *allocation.Service
	Fulfilment *fulfilment.Service
	Queue      *jobs.Queue
	Outbox     *outbox.Service
	Pull       *pull.Service
	// Bol are the bol.com clients by channel id, which verify push
	// messages.
	Bol     map[string]*bol.Client
	Metrics *telemetry.Metrics
	Log     *slog.Logger
	Now     func() time.Time
}

// Handler returns the routes of Ordo's HTTP listener.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/shopify", s.route(s.shopifyWebhook))
	mux.Handle("POST /webhooks/wms/{location}", s.route(s.wmsWebhook))
	mux.Handle("POST /webhooks/bol", s.route(s.bolWebhook))
	mux.Handle("POST /webhooks/amazon", s.route(s.amazonWebhook))
	mux.Handle("POST /webhooks/pos/square", s.route(s.squareWebhook))
	mux.Handle("POST /webhooks/pos", s.route(s.posWebhook))

	mux.Handle("POST /api/v1/orders", s.route(s.authenticated(s.createOrder)))
	mux.Handle("GET /api/v1/orders", s.route(s.authenticated(s.listOrders)))
	mux.Handle("GET /api/v1/orders/{id}", s.route(s.authenticated(s.getOrder)))
	mux.Handle("GET /api/v1/orders/{id}/events", s.route(s.authenticated(s.orderEvents)))
	mux.Handle("GET /api/v1/orders/{id}/routing", s.route(s.authenticated(s.orderRouting)))
	mux.Handle("POST /api/v1/inventory", s.route(s.authenticated(s.postInventory)))
	mux.Handle("GET /api/v1/inventory", s.route(s.authenticated(s.listInventory)))
	mux.Handle("GET /api/v1/rules", s.route(s.authenticated(s.liveRules)))
	mux.Handle("GET /api/v1/quarantine", s.route(s.authenticated(s.listQuarantine)))
	mux.Handle("GET /api/v1/instructions", s.route(s.authenticated(s.listInstructions)))
	mux.Handle("GET /api/v1/location-reports", s.route(s.authenticated(s.listReports)))
	mux.Handle("GET /api/v1/channel-calls", s.route(s.authenticated(s.listChannelCalls)))
	mux.Handle("GET /api/v1/channel-marks", s.route(s.authenticated(s.listChannelMarks)))
	mux.Handle("GET /api/v1/dlq", s.route(s.authenticated(s.listDeadLetters)))
	mux.Handle("POST /api/v1/dlq/{id}/replay", s.route(s.authenticated(s.replayDeadLetter)))
	mux.Handle("GET /api/openapi.yaml", s.route(serveOpenAPI))

	mux.Handle("GET /healthz", s.route(s.healthz))
	mux.Handle("GET /readyz", s.route(s.readyz))
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.Metrics.Registry, promhttp.HandlerOpts{}))
	mux.Handle("GET /{$}", s.route(s.home))

	// The catch-all is reached only when no route above matches.
	mux.Handle("/", s.route(func(w http.ResponseWriter, r *http.Request) error {
		return unmatched(mux, w, r)
	}))
	s.countChannels()
	return mux
}

// unmatched answers a request that no route takes: 405 with the methods
// that the path does take, or 404.
func unmatched(mux *http.ServeMux, w http.ResponseWriter, r *http.Request) error {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut,
		http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		return errorf(codeMethod, "Method not allowed", "%s takes %s, not %s",
			r.URL.Path, strings.Join(allowed, " or "), r.Method)
	}
	return errorf(codeNotFound, "Not found", "%s %s is not an Ordo endpoint; see /api/openapi.yaml",
		r.Method, r.URL.Path)
}

// countChannels starts the per-channel metrics of every configured channel
// and of the API at zero.
func (s *Server) countChannels() {
	ids := []string{apiChannel}
	for _, ch := range s.Config.Channels {
		ids = append(ids, ch.ID)
	}
	var outcomes []string
	for _, o := range ingest.Outcomes {
		outcomes = append(outcomes, string(o))
	}
	s.Metrics.Channels(ids, outcomes)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}

// readyz reports ready when the database answers and its schema is current.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.DB.Ping(ctx); err != nil {
		return &Error{Code: codeUnavailable, Title: "Not ready",
			Detail: "the database does not answer", Err: err}
	}
	current, err := s.DB.Current(ctx)
	if err != nil {
		return &Error{Code: codeUnavailable, Title: "Not ready",
			Detail: "the database schema could not be checked", Err: err}
	}
	if !current {
		return errorf(codeUnavailable, "Not ready",
			"the database schema is not current; run `ordo migrate`")
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	return nil
}

// readBody reads a request body of at most the configured size.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	limit := s.Config.HTTP.MaxBodyBytes
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, errorf(codeTooLarge, "Body too large",
			"the body exceeds %d bytes (http.max_body_bytes)", limit)
	}
	if err != nil {
		return nil, errorf(codeInvalid, "Unreadable body", "the body could not be read: %v", err)
	}
	return body, nil
}

// quarantine keeps a delivery that could not be read where an operator can
// see it, and returns the error to answer with, naming where it was kept.
func (s *Server) quarantine(r *http.Request, source string, body []byte, e *Error) error {
	headers := r.Header.Clone()
	for _, h := range []string{"Authorization", "X-Shopify-Hmac-Sha256", "Shopify-Hmac-Sha256",
		warehouse.HeaderSignature, square.HeaderSignature, "Signature"} {
		headers.Del(h)
	}
	for _, c := range s.Config.Channels {
		if c.API.APIKeyHeader != "" {
			headers.Del(c.API.APIKeyHeader)
		}
	}
	// Through the group commit, so that the delivery is on disk before
	// the answer says where it was kept.
	var id string
	err := s.Orders.Batcher.Do(r.Context(), func(ctx context.Context, tx *store.Tx) error {
		var err error
		id, err = store.Quarantine(ctx, tx, store.Quarantined{
			Source: source, Reason: e.Detail, Headers: headers, Body: body, ReceivedAt: s.Now(),
		})
		return err
	})
	if err != nil {
		return err
	}
	s.Metrics.Quarantined.WithLabelValues(source).Inc()
	s.Log.WarnContext(r.Context(), "delivery quarantined", "source", source,
		"quarantine_id", id, "reason", e.Detail)
	e.Extra = map[string]any{"quarantine_id": id}
	return e
}

func (s *Server) authenticate(ctx context.Context, token string) (*store.Token, error) {
	tok, err := store.Authenticate(ctx, s.DB.Read, token)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return tok, err
}
