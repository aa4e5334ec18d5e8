package jobs

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/telemetry"
)

// traceParent returns the W3C traceparent of ctx's span, or "".
func traceParent(ctx context.Context) string {
	carrier := propagation.MapCarrier{}
	propagation.TraceContext{}.Inject(ctx, carrier)
	return carrier["traceparent"]
}

func causation(jobID int64) string { return "job-" + strconv.FormatInt(jobID, 10) }

// continueTrace starts a span under the trace a job was enqueued in.
func continueTrace(ctx context.Context, parent, name string) (context.Context, func()) {
	ctx = propagation.TraceContext{}.Extract(ctx, propagation.MapCarrier{"traceparent": parent})
	ctx, span := otel.Tracer("github.com/ordo-oms/ordo/jobs").Start(ctx, name)
	return ctx, func() { span.End() }
}

func meta(ctx context.Context, jobID int64, now time.Time) store.Meta {
	return store.Meta{TraceID: traceID(ctx), CausationID: causation(jobID), OccurredAt: now}
}

var traceID = telemetry.TraceID

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
	var snooze *river.JobSnoozeError
	var cancel *river.JobCancelError
	switch {
	case err == nil:
		m.log.InfoContext(ctx, "job done", attrs...)
	case errors.As(err, &snooze):
		m.log.InfoContext(ctx, "job snoozed", attrs...)
	case errors.As(err, &cancel):
		m.log.WarnContext(ctx, "job cancelled", append(attrs, slog.Any("error", err))...)
	case job.Attempt >= job.MaxAttempts:
		m.log.ErrorContext(ctx, "job dead-lettered", append(attrs, slog.Any("error", err))...)
	default:
		m.log.WarnContext(ctx, "job failed, will retry", append(attrs, slog.Any("error", err))...)
	}
	return err
}

// logger writes the per-order lines of a job, with the order's trace.
type logger struct{ *slog.Logger }

func (l logger) order(ctx context.Context, omsOrderID, step string, err error) {
	if err != nil {
		l.WarnContext(ctx, "order step failed", "oms_order_id", omsOrderID, "step", step,
			"error", err)
		return
	}
	l.InfoContext(ctx, "order step done", "oms_order_id", omsOrderID, "step", step)
}
