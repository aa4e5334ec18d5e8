package channel_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	const fallback, most = time.Second, time.Minute
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"2.0", 2 * time.Second},
		{"0.5", 500 * time.Millisecond},
		{"3", 3 * time.Second},
		{"Tue, 01 Dec 2026 12:00:04 GMT", 4 * time.Second},
		{"Tue, 01 Dec 2026 11:00:00 GMT", 0},
		{"3600", most},
		{"", fallback},
		{"soon", fallback},
	}
	for _, tt := range tests {
		h := http.Header{"Retry-After": {tt.header}}
		if got := channel.RetryAfter(h, now, fallback, most); got != tt.want {
			t.Errorf("Retry-After %q: got %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestSleepEndsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := channel.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep on an ended context: %v; want context.Canceled", err)
	}
	if err := channel.Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("Sleep for a millisecond: %v", err)
	}
}
