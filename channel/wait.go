package channel

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryAfter returns the wait that an answer's Retry-After header asks
// for, read at now: seconds, whole or with a fraction as Shopify writes
// them, or an HTTP date. Without a header it can read, the wait is
// fallback. It is never below zero and never above most.
func RetryAfter(h http.Header, now time.Time, fallback, most time.Duration) time.Duration {
	d := fallback
	v := strings.TrimSpace(h.Get("Retry-After"))
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		d = time.Duration(secs * float64(time.Second))
	} else if at, err := http.ParseTime(v); err == nil {
		d = at.Sub(now)
	}
	return min(max(d, 0), most)
}

// Sleep waits for d, or returns ctx's error as soon as ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
