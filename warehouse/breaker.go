package warehouse

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/sony/gobreaker/v2"
)

// ErrOpen is wrapped by every error a Breaker returns instead of sending.
var ErrOpen = errors.New("warehouse: circuit breaker is open")

// OpenError is what a Breaker returns instead of sending while it is open.
// A caller should put the instruction aside until RetryAt rather than
// count the refusal as an attempt.
type OpenError struct {
	Location string
	// RetryAt is when the breaker lets a trial send through.
	RetryAt time.Time
}

func (e *OpenError) Error() string {
	return fmt.Sprintf("warehouse: %s keeps failing; nothing is sent to it until %s",
		e.Location, e.RetryAt.Format(time.RFC3339))
}

// Unwrap returns ErrOpen.
func (e *OpenError) Unwrap() error { return ErrOpen }

// BreakerOptions configures a Breaker. The zero value takes the defaults.
type BreakerOptions struct {
	// Failures is how many failed sends in a row open the breaker. The
	// default is 5.
	Failures int
	// Cooldown is how long the breaker stays open before it lets one
	// trial send through. The default is 30s.
	Cooldown time.Duration
}

// Breaker is a Connector that stops sending to a location that keeps
// failing, so that its outage costs no attempts and holds up no other
// location. It is closed while sends succeed; after Failures failed sends
// in a row it opens, and for Cooldown every Send returns an *OpenError
// without sending. Then it is half-open: one trial send goes through,
// and its success closes the breaker while its failure opens it again.
//
// A *PermanentError counts as a success, since a refusal proves the
// location is up. A send abandoned because the caller's context ended
// counts neither way.
type Breaker struct {
	location string
	next     Connector
	cooldown time.Duration
	circuit  *gobreaker.CircuitBreaker[[]Answer]

	mu      sync.Mutex
	retryAt time.Time // when the breaker last opened, plus cooldown
}

var _ Connector = (*Breaker)(nil)

// NewBreaker returns a Breaker that guards c, the connector of location.
func NewBreaker(location string, c Connector, o BreakerOptions) *Breaker {
	if o.Failures <= 0 {
		o.Failures = 5
	}
	if o.Cooldown <= 0 {
		o.Cooldown = 30 * time.Second
	}
	b := &Breaker{location: location, next: c, cooldown: o.Cooldown}
	b.circuit = gobreaker.NewCircuitBreaker[[]Answer](gobreaker.Settings{
		Name:        location,
		MaxRequests: 1,
		Timeout:     o.Cooldown,
		ReadyToTrip: func(counts gobreaker.Counts) bool {
			return counts.ConsecutiveFailures >= uint32(o.Failures)
		},
		OnStateChange: b.changed,
		IsSuccessful: func(err error) bool {
			return err == nil || IsPermanent(err)
		},
		IsExcluded: func(err error) bool {
			_, ok := errors.AsType[abandoned](err)
			return ok
		},
	})
	return b
}

// Send sends batch through the guarded connector, or returns an
// *OpenError without sending while the breaker is open, and while a
// half-open breaker waits for its trial send.
func (b *Breaker) Send(ctx context.Context, batch []Instruction) ([]Answer, error) {
	sent := false
	answers, err := b.circuit.Execute(func() ([]Answer, error) {
		sent = true
		answers, err := b.next.Send(ctx, batch)
		if err != nil && ctx.Err() != nil {
			return answers, abandoned{err}
		}
		return answers, err
	})
	if a, ok := errors.AsType[abandoned](err); ok {
		return answers, a.err
	}
	if err != nil && !sent {
		return nil, &OpenError{Location: b.location, RetryAt: b.reopens(err)}
	}
	return answers, err
}

// BatchSize is that of the guarded connector.
func (b *Breaker) BatchSize() int { return b.next.BatchSize() }

// State is the breaker's state: closed, open or half-open.
func (b *Breaker) State() string { return b.circuit.State().String() }

// reopens is when a send refused with err may be tried again. While the
// breaker is open that is when it half-opens; while a trial send is under
// way it is a cooldown from now, when a failed trial would let the next
// one through.
func (b *Breaker) reopens(err error) time.Time {
	if errors.Is(err, gobreaker.ErrTooManyRequests) {
		return time.Now().Add(b.cooldown)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.retryAt
}

// changed notes when the breaker opens. The circuit calls it with its own
// lock held, so it must not call the circuit.
func (b *Breaker) changed(_ string, _, to gobreaker.State) {
	if to != gobreaker.StateOpen {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.retryAt = time.Now().Add(b.cooldown)
}

// abandoned marks a failed send whose caller gave up, which says nothing
// about the location.
type abandoned struct{ err error }

func (a abandoned) Error() string { return a.err.Error() }
func (a abandoned) Unwrap() error { return a.err }
