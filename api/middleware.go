package api

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordo-oms/ordo/telemetry"
)

var traceID = telemetry.TraceID

// handlerFunc is an HTTP handler that returns its error for the edge to
// answer and log.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route wraps a handler in the middleware every route has: a span that
// continues the caller's trace, recovery from panics, one log line and the
// request metrics.
func (s *Server) route(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx := propagation.TraceContext{}.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		ctx, span := otel.Tracer("github.com/ordo-oms/ordo/api").Start(ctx, r.Pattern,
			trace.WithSpanKind(trace.SpanKindServer))
		defer span.End()
		r = r.WithContext(ctx)
		rw := &recorder{ResponseWriter: w, status: http.StatusOK}

		func() {
			defer func() {
				if p := recover(); p != nil {
					s.Log.ErrorContext(ctx, "panic in handler", "panic", p)
					writeProblem(rw, r, s.Log, errorf(codeInternal, "Internal error",
						"Ordo failed while handling the request; it has been logged."))
				}
			}()
			if err := h(rw, r); err != nil {
				writeProblem(rw, r, s.Log, err)
			}
		}()

		elapsed := time.Since(start)
		s.Metrics.Requests.WithLabelValues(r.Pattern, strconv.Itoa(rw.status)).Inc()
		s.Metrics.Latency.WithLabelValues(r.Pattern).Observe(elapsed.Seconds())
		s.Log.LogAttrs(ctx, slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("route", r.Pattern),
			slog.Int("status", rw.status), slog.Duration("duration", elapsed),
			slog.Int64("bytes_in", r.ContentLength))
	})
}

// recorder remembers the status a handler answered with.
type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

type tokenKey struct{}

// authenticated admits a request only with a valid bearer token, and puts
// the token in the request's context.
func (s *Server) authenticated(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		raw, ok := bearer(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ordo"`)
			return errorf(codeUnauthorized, "Authentication required",
				"send Authorization: Bearer TOKEN; create a token with `ordo token create`")
		}
		tok, err := s.authenticate(r.Context(), raw)
		if err != nil {
			return err
		}
		if tok == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="ordo", error="invalid_token"`)
			return errorf(codeUnauthorized, "Invalid token",
				"the bearer token is not known to Ordo; create one with `ordo token create`")
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), tokenKey{}, tok)))
	}
}

func bearer(r *http.Request) (string, bool) {
	const prefix = "Bearer "
	h := r.Header.Get("Authorization")
	if len(h) <= len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return "", false
	}
	return h[len(prefix):], true
}
