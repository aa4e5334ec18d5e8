package telemetry_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordo-oms/ordo/telemetry"
)

// The ids of the span that spanContext puts in a context.
const (
	testTraceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	testSpanID  = "00f067aa0ba902b7"
)

// spanContext returns a context carrying a span with the test ids.
func spanContext(t testing.TB) context.Context {
	t.Helper()
	traceID, err := trace.TraceIDFromHex(testTraceID)
	if err != nil {
		t.Fatal(err)
	}
	spanID, err := trace.SpanIDFromHex(testSpanID)
	if err != nil {
		t.Fatal(err)
	}
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: traceID, SpanID: spanID,
		TraceFlags: trace.FlagsSampled})
	return trace.ContextWithSpanContext(context.Background(), sc)
}

// jsonLogger returns a debug-level JSON logger and the buffer it writes to.
func jsonLogger(t testing.TB) (*slog.Logger, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	log, err := telemetry.NewLogger(&buf, "debug", "json")
	if err != nil {
		t.Fatalf("NewLogger: %v", err)
	}
	return log, &buf
}

// records returns the JSON records in buf, without their time.
func records(t testing.TB, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	for dec.More() {
		var rec map[string]any
		if err := dec.Decode(&rec); err != nil {
			t.Fatalf("log output is not JSON: %v: %s", err, buf.String())
		}
		delete(rec, "time")
		out = append(out, rec)
	}
	return out
}

// oneRecord returns the only JSON record in buf.
func oneRecord(t testing.TB, buf *bytes.Buffer) map[string]any {
	t.Helper()
	recs := records(t, buf)
	if len(recs) != 1 {
		t.Fatalf("%d log records, want 1: %s", len(recs), buf.String())
	}
	return recs[0]
}

func TestNewLogger(t *testing.T) {
	t.Run("an unknown level is an error naming it", func(t *testing.T) {
		for _, level := range []string{"verbose", "", "warning"} {
			_, err := telemetry.NewLogger(&bytes.Buffer{}, level, "json")
			if err == nil || !strings.Contains(err.Error(), `"`+level+`"`) {
				t.Errorf("NewLogger(level %q): error %v, want one naming the level", level, err)
			}
		}
	})

	t.Run("an unknown format is an error naming it", func(t *testing.T) {
		_, err := telemetry.NewLogger(&bytes.Buffer{}, "info", "xml")
		if err == nil || !strings.Contains(err.Error(), `"xml"`) {
			t.Errorf("NewLogger(format xml): error %v, want one naming the format", err)
		}
	})

	t.Run("every level and format is accepted", func(t *testing.T) {
		for _, level := range []string{"debug", "info", "warn", "error", "INFO"} {
			for _, format := range []string{"json", "text", ""} {
				if _, err := telemetry.NewLogger(&bytes.Buffer{}, level, format); err != nil {
					t.Errorf("NewLogger(%q, %q): %v", level, format, err)
				}
			}
		}
	})

	t.Run("records below the level are dropped", func(t *testing.T) {
		var buf bytes.Buffer
		log, err := telemetry.NewLogger(&buf, "warn", "json")
		if err != nil {
			t.Fatal(err)
		}
		log.Info("quiet")
		log.Warn("loud")
		var msgs []string
		for _, r := range records(t, &buf) {
			msgs = append(msgs, r["msg"].(string))
		}
		if diff := cmp.Diff([]string{"loud"}, msgs); diff != "" {
			t.Errorf("messages logged (-want +got):\n%s", diff)
		}
	})

	t.Run("a record with a span in its context gets the span's ids", func(t *testing.T) {
		log, buf := jsonLogger(t)
		log.InfoContext(spanContext(t), "hello", "order_id", "o1")
		want := map[string]any{"level": "INFO", "msg": "hello", "order_id": "o1",
			"trace_id": testTraceID, "span_id": testSpanID}
		if diff := cmp.Diff(want, oneRecord(t, buf)); diff != "" {
			t.Errorf("record (-want +got):\n%s", diff)
		}
	})

	t.Run("a record without a span gets no trace", func(t *testing.T) {
		log, buf := jsonLogger(t)
		log.InfoContext(context.Background(), "hello")
		log.Info("no context")
		for _, rec := range records(t, buf) {
			if _, ok := rec["trace_id"]; ok {
				t.Errorf("record %v has a trace_id", rec)
			}
			if _, ok := rec["span_id"]; ok {
				t.Errorf("record %v has a span_id", rec)
			}
		}
	})

	t.Run("a span context that is not valid adds no trace", func(t *testing.T) {
		log, buf := jsonLogger(t)
		traceID, _ := trace.TraceIDFromHex(testTraceID)
		ctx := trace.ContextWithSpanContext(context.Background(),
			trace.NewSpanContext(trace.SpanContextConfig{TraceID: traceID}))
		log.InfoContext(ctx, "hello")
		if rec := oneRecord(t, buf); rec["trace_id"] != nil || rec["span_id"] != nil {
			t.Errorf("record %v has trace ids, want none for a span without a span id", rec)
		}
	})

	t.Run("a logger with attributes still adds the trace", func(t *testing.T) {
		log, buf := jsonLogger(t)
		log.With("job_id", 7).WarnContext(spanContext(t), "hello")
		want := map[string]any{"level": "WARN", "msg": "hello", "job_id": float64(7),
			"trace_id": testTraceID, "span_id": testSpanID}
		if diff := cmp.Diff(want, oneRecord(t, buf)); diff != "" {
			t.Errorf("record (-want +got):\n%s", diff)
		}
	})

	t.Run("a logger with a group still adds the trace", func(t *testing.T) {
		log, buf := jsonLogger(t)
		log.WithGroup("job").With("id", 7).ErrorContext(spanContext(t), "hello", "step", "x")
		// The trace is added as the record's own attributes, so it lands in
		// the open group, as every attribute of the record does.
		want := map[string]any{"level": "ERROR", "msg": "hello",
			"job": map[string]any{"id": float64(7), "step": "x",
				"trace_id": testTraceID, "span_id": testSpanID}}
		if diff := cmp.Diff(want, oneRecord(t, buf)); diff != "" {
			t.Errorf("record (-want +got):\n%s", diff)
		}
	})

	t.Run("text output carries the trace too", func(t *testing.T) {
		var buf bytes.Buffer
		log, err := telemetry.NewLogger(&buf, "info", "text")
		if err != nil {
			t.Fatal(err)
		}
		log.InfoContext(spanContext(t), "hello")
		for _, want := range []string{"msg=hello", "trace_id=" + testTraceID,
			"span_id=" + testSpanID} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("text record %q lacks %q", buf.String(), want)
			}
		}
	})
}
