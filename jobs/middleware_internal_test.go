package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/riverqueue/river/rivertype"
)

// decodeRecords returns the JSON log records in buf, without their time.
func decodeRecords(t testing.TB, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	dec := json.NewDecoder(buf)
	for dec.More() {
		var rec map[string]any
		if err := dec.Decode(&rec); err != nil {
			t.Fatalf("log output is not JSON: %v", err)
		}
		delete(rec, "time")
		out = append(out, rec)
	}
	return out
}

type ctxKey struct{}

func TestLogMiddleware(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name     string
		attempt  int
		max      int
		innerErr error
		want     map[string]any
	}{
		{
			name: "a job that succeeds is logged at info", attempt: 1, max: 3,
			want: map[string]any{"level": "INFO", "msg": "job done"},
		},
		{
			name: "a job that fails with attempts left is a warning", attempt: 2, max: 3,
			innerErr: boom,
			want: map[string]any{"level": "WARN", "msg": "job failed, will retry",
				"error": "boom"},
		},
		{
			name:    "a job that fails on its last attempt is dead-lettered as an error",
			attempt: 3, max: 3, innerErr: boom,
			want: map[string]any{"level": "ERROR", "msg": "job dead-lettered",
				"error": "boom"},
		},
		{
			name:    "a job allowed one attempt is dead-lettered on its first failure",
			attempt: 1, max: 1, innerErr: boom,
			want: map[string]any{"level": "ERROR", "msg": "job dead-lettered",
				"error": "boom"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			m := &logMiddleware{log: slog.New(slog.NewJSONHandler(&buf,
				&slog.HandlerOptions{Level: slog.LevelDebug}))}
			job := &rivertype.JobRow{ID: 42, Kind: "validate_orders", Attempt: tt.attempt,
				MaxAttempts: tt.max}
			ctx := context.WithValue(context.Background(), ctxKey{}, "passed on")

			calls := 0
			err := m.Work(ctx, job, func(ctx context.Context) error {
				calls++
				if got := ctx.Value(ctxKey{}); got != "passed on" {
					t.Errorf("inner context value %v, want the middleware's context", got)
				}
				return tt.innerErr
			})

			if calls != 1 {
				t.Errorf("inner work ran %d times, want 1", calls)
			}
			if err != tt.innerErr {
				t.Errorf("Work returned %v, want the inner error %v", err, tt.innerErr)
			}
			recs := decodeRecords(t, &buf)
			if len(recs) != 1 {
				t.Fatalf("%d log records, want 1: %v", len(recs), recs)
			}
			if d, ok := recs[0]["duration"].(float64); !ok || d < 0 {
				t.Errorf("duration %v, want a non-negative number", recs[0]["duration"])
			}
			delete(recs[0], "duration")
			want := map[string]any{"job_id": float64(42), "job_kind": "validate_orders",
				"attempt": float64(tt.attempt)}
			for k, v := range tt.want {
				want[k] = v
			}
			if diff := cmp.Diff(want, recs[0]); diff != "" {
				t.Errorf("log record (-want +got):\n%s", diff)
			}
		})
	}
}
