package jobs

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// traceMetadata returns job metadata that carries ctx's trace, so that a
// job continues the trace of the request that enqueued it.
func traceMetadata(ctx context.Context) []byte {
	carrier := propagation.MapCarrier{}
	propagation.TraceContext{}.Inject(ctx, carrier)
	if len(carrier) == 0 {
		return nil
	}
	b, _ := json.Marshal(carrier) // a map of strings always encodes
	return b
}

func traceID(ctx context.Context) string {
	sc := trace.SpanContextFromContext(ctx)
	if !sc.HasTraceID() {
		return ""
	}
	return sc.TraceID().String()
}

// traceMiddleware runs each job in a span that continues the trace found
// in its metadata.
type traceMiddleware struct {
	river.MiddlewareDefaults
}

func (*traceMiddleware) Work(ctx context.Context, job *rivertype.JobRow,
	doInner func(context.Context) error) error {
	carrier := propagation.MapCarrier{}
	if len(job.Metadata) > 0 {
		// Metadata River or others wrote may hold non-string values; only
		// the trace headers matter here.
		var all map[string]any
		if json.Unmarshal(job.Metadata, &all) == nil {
			for k, v := range all {
				if s, ok := v.(string); ok {
					carrier[k] = s
				}
			}
		}
	}
	ctx = propagation.TraceContext{}.Extract(ctx, carrier)
	ctx, span := otel.Tracer("github.com/ordo-oms/ordo/jobs").Start(ctx, "job "+job.Kind)
	defer span.End()
	return doInner(ctx)
}

// logMiddleware writes one log line per job attempt. A failure that will be
// retried is a warning; one that exhausts the attempts is an error, since an
// operator must look at the dead letter.
type logMiddleware struct {
	river.MiddlewareDefaults
	log *slog.Logger
}

func (m *logMiddleware) Work(ctx context.Context, job *rivertype.JobRow,
	doInner func(context.Context) error) error {
	start := time.Now()
	err := doInner(ctx)
	attrs := []any{
		slog.Int64("job_id", job.ID), slog.String("job_kind", job.Kind),
		slog.Int("attempt", job.Attempt), slog.Duration("duration", time.Since(start)),
	}
	switch {
	case err == nil:
		m.log.InfoContext(ctx, "job done", attrs...)
	case job.Attempt >= job.MaxAttempts:
		m.log.ErrorContext(ctx, "job dead-lettered", append(attrs, slog.Any("error", err))...)
	default:
		m.log.WarnContext(ctx, "job failed, will retry", append(attrs, slog.Any("error", err))...)
	}
	return err
}
