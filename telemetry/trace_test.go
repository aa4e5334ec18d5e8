package telemetry_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordo-oms/ordo/telemetry"
)

func TestTraceID(t *testing.T) {
	t.Run("a context without a span has none", func(t *testing.T) {
		if got := telemetry.TraceID(context.Background()); got != "" {
			t.Errorf("TraceID = %q, want \"\"", got)
		}
	})

	t.Run("a context with a span has the span's trace id in hex", func(t *testing.T) {
		if got := telemetry.TraceID(spanContext(t)); got != testTraceID {
			t.Errorf("TraceID = %q, want %q", got, testTraceID)
		}
	})
}

// TestInitTracing changes the process's tracer provider and propagator;
// no other test of the package depends on them.
func TestInitTracing(t *testing.T) {
	shutdown := telemetry.InitTracing()
	t.Cleanup(func() {
		if err := shutdown(context.Background()); err != nil {
			t.Errorf("shut down tracing: %v", err)
		}
	})

	t.Run("spans get real ids", func(t *testing.T) {
		ctx, span := otel.Tracer("telemetry_test").Start(context.Background(), "work")
		defer span.End()
		sc := trace.SpanContextFromContext(ctx)
		if !sc.IsValid() {
			t.Fatalf("span context %v is not valid", sc)
		}
		if got := telemetry.TraceID(ctx); got != sc.TraceID().String() || len(got) != 32 {
			t.Errorf("TraceID = %q, want the span's %q", got, sc.TraceID())
		}
	})

	t.Run("a child span continues a propagated trace", func(t *testing.T) {
		carrier := propagation.MapCarrier{}
		otel.GetTextMapPropagator().Inject(spanContext(t), carrier)
		if carrier["traceparent"] == "" {
			t.Fatal("the installed propagator wrote no traceparent")
		}
		ctx := otel.GetTextMapPropagator().Extract(context.Background(), carrier)
		ctx, span := otel.Tracer("telemetry_test").Start(ctx, "job")
		defer span.End()
		if got := telemetry.TraceID(ctx); got != testTraceID {
			t.Errorf("TraceID of the child = %q, want %q", got, testTraceID)
		}
	})
}
