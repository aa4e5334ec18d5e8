package amazon

import (
	"context"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// The operations the client calls, named as in Amazon's API model. They key
// the rate limiters.
const (
	opGetOrders       = "getOrders"
	opGetOrder        = "getOrder"
	opGetOrderItems   = "getOrderItems"
	opConfirmShipment = "confirmShipment"
)

// defaultLimits are the documented default usage plans of the operations:
// requests per second and burst.
var defaultLimits = map[string]struct{ rate, burst float64 }{
	opGetOrders:       {0.0167, 20},
	opGetOrder:        {0.5, 30},
	opGetOrderItems:   {0.5, 30},
	opConfirmShipment: {2, 10},
}

// bucket is a token bucket: it holds up to burst tokens, gains rate tokens
// a second, and each request takes one.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newBucket(rate, burst float64) *bucket {
	return &bucket{rate: rate, burst: burst, tokens: burst, last: time.Now()}
}

// wait takes a token, sleeping until one is there or ctx is done.
func (b *bucket) wait(ctx context.Context) error {
	for {
		d := b.take()
		if d == 0 {
			return nil
		}
		if err := channel.Sleep(ctx, d); err != nil {
			return err
		}
	}
}

// take takes a token and returns 0, or returns how long until one is due.
func (b *bucket) take() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	b.tokens = math.Min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return 0
	}
	return time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
}

// adopt sets the rate to the value of an x-amzn-RateLimit-Limit header, if
// it is a positive number.
func (b *bucket) adopt(header string) {
	r, err := strconv.ParseFloat(strings.TrimSpace(header), 64)
	if err != nil || r <= 0 || math.IsInf(r, 0) || math.IsNaN(r) {
		return
	}
	b.mu.Lock()
	b.rate = r
	b.mu.Unlock()
}

// limits holds a bucket for each operation, made with its documented
// default. It is not changed after newLimits, so it needs no lock.
type limits map[string]*bucket

// newLimits returns a bucket for each operation in defaultLimits.
func newLimits() limits {
	l := limits{}
	for op, d := range defaultLimits {
		l[op] = newBucket(d.rate, d.burst)
	}
	return l
}
