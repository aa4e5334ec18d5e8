package warehouse_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
)

const cooldown = 20 * time.Millisecond

var errDown = errors.New("connection refused")

// connector is a warehouse.Connector whose sends fail with err, if set,
// and wait for release, if set.
type connector struct {
	mu      sync.Mutex
	err     error
	release chan struct{}
	sends   int
}

var _ warehouse.Connector = (*connector)(nil)

func (c *connector) Send(
	_ context.Context, batch []warehouse.Instruction,
) ([]warehouse.Answer, error) {
	c.mu.Lock()
	c.sends++
	err, release := c.err, c.release
	c.mu.Unlock()
	if release != nil {
		<-release
	}
	if err != nil {
		return nil, err
	}
	answers := make([]warehouse.Answer, len(batch))
	for i, in := range batch {
		answers[i] = warehouse.Answer{Reference: in.Reference, Outcome: warehouse.Accepted}
	}
	return answers, nil
}

func (c *connector) BatchSize() int { return 1 }

func (c *connector) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.err = err
}

func (c *connector) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sends
}

var batch = []warehouse.Instruction{{Reference: "R-1", Kind: warehouse.KindRelease}}

// sendN sends batch n times through b and fails the test on an OpenError.
func sendN(t *testing.T, b *warehouse.Breaker, n int) {
	t.Helper()
	for range n {
		if _, err := b.Send(t.Context(), batch); errors.Is(err, warehouse.ErrOpen) {
			t.Fatalf("Send = %v, want it sent", err)
		}
	}
}

// tripped returns a breaker over c, opened by three failed sends.
func tripped(t *testing.T, c *connector) *warehouse.Breaker {
	t.Helper()
	b := warehouse.NewBreaker("dc-utrecht", c, warehouse.BreakerOptions{
		Failures: 3, Cooldown: cooldown})
	c.fail(errDown)
	sendN(t, b, 3)
	if got := b.State(); got != "open" {
		t.Fatalf("State after 3 failures = %s, want open", got)
	}
	return b
}

func TestBreakerOpensAfterFailuresInARow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &connector{}
		b := warehouse.NewBreaker("dc-utrecht", c, warehouse.BreakerOptions{
			Failures: 3, Cooldown: cooldown})
		c.fail(errDown)
		sendN(t, b, 2)
		if got := b.State(); got != "closed" {
			t.Fatalf("State after 2 failures = %s, want closed", got)
		}
		sendN(t, b, 1)
		if got := b.State(); got != "open" {
			t.Fatalf("State after 3 failures = %s, want open", got)
		}
		if _, err := b.Send(t.Context(), batch); !errors.Is(err, warehouse.ErrOpen) {
			t.Fatalf("Send while open = %v, want ErrOpen", err)
		}
		if got := c.count(); got != 3 {
			t.Errorf("sends reaching the location = %d, want 3", got)
		}
	})
}

func TestBreakerOpenErrorSaysWhenToRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		opened := time.Now()
		b := tripped(t, &connector{})
		_, err := b.Send(t.Context(), batch)
		open, ok := errors.AsType[*warehouse.OpenError](err)
		if !ok {
			t.Fatalf("Send while open = %v, want an *OpenError", err)
		}
		if open.Location != "dc-utrecht" {
			t.Errorf("Location = %q, want dc-utrecht", open.Location)
		}
		if want := opened.Add(cooldown); !open.RetryAt.Equal(want) {
			t.Errorf("RetryAt = %s after opening, want %s", open.RetryAt.Sub(opened), cooldown)
		}
		if warehouse.IsPermanent(err) {
			t.Error("an open breaker's error is permanent; want it retried later")
		}
	})
}

func TestBreakerIgnoresRefusals(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &connector{}
		b := warehouse.NewBreaker("dc-utrecht", c, warehouse.BreakerOptions{
			Failures: 2, Cooldown: cooldown})
		refused := &warehouse.PermanentError{Location: "dc-utrecht", Detail: "422: no lines"}
		for _, err := range []error{refused, refused, refused, errDown, refused, errDown} {
			c.fail(err)
			sendN(t, b, 1)
		}
		if got := b.State(); got != "closed" {
			t.Errorf("State = %s, want closed: refusals show the location is up", got)
		}
	})
}

func TestBreakerIgnoresAbandonedSends(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := &connector{}
		b := warehouse.NewBreaker("dc-utrecht", c, warehouse.BreakerOptions{
			Failures: 1, Cooldown: cooldown})
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		c.fail(context.Canceled)
		if _, err := b.Send(ctx, batch); !errors.Is(err, context.Canceled) {
			t.Fatalf("Send = %v, want context.Canceled", err)
		}
		if got := b.State(); got != "closed" {
			t.Errorf("State = %s, want closed: the caller gave up, not the location", got)
		}
	})
}

func TestBreakerHalfOpenTrial(t *testing.T) {
	t.Run("success closes it", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c := &connector{}
			b := tripped(t, c)
			time.Sleep(cooldown + time.Millisecond)
			if got := b.State(); got != "half-open" {
				t.Fatalf("State after cooldown = %s, want half-open", got)
			}
			c.fail(nil)
			answers, err := b.Send(t.Context(), batch)
			if err != nil || len(answers) != 1 || answers[0].Outcome != warehouse.Accepted {
				t.Fatalf("trial Send = %v, %v; want accepted", answers, err)
			}
			if got := b.State(); got != "closed" {
				t.Errorf("State after a good trial = %s, want closed", got)
			}
		})
	})
	t.Run("failure opens it again", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			b := tripped(t, &connector{})
			time.Sleep(cooldown + time.Millisecond)
			reopened := time.Now()
			if _, err := b.Send(t.Context(), batch); !errors.Is(err, errDown) {
				t.Fatalf("trial Send = %v, want the location's error", err)
			}
			_, err := b.Send(t.Context(), batch)
			open, ok := errors.AsType[*warehouse.OpenError](err)
			if !ok {
				t.Fatalf("Send after a failed trial = %v, want an *OpenError", err)
			}
			if want := reopened.Add(cooldown); !open.RetryAt.Equal(want) {
				t.Errorf("RetryAt = %s after the trial, want %s", open.RetryAt.Sub(reopened), cooldown)
			}
		})
	})
	t.Run("one trial at a time", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			c := &connector{}
			b := tripped(t, c)
			time.Sleep(cooldown + time.Millisecond)
			c.mu.Lock()
			c.err, c.release = nil, make(chan struct{})
			c.mu.Unlock()
			done := make(chan error)
			go func() {
				_, err := b.Send(context.Background(), batch)
				done <- err
			}()
			synctest.Wait()
			if _, err := b.Send(t.Context(), batch); !errors.Is(err, warehouse.ErrOpen) {
				t.Errorf("Send during the trial = %v, want ErrOpen", err)
			}
			close(c.release)
			if err := <-done; err != nil {
				t.Fatalf("trial Send = %v", err)
			}
			if got := c.count(); got != 4 {
				t.Errorf("sends reaching the location = %d, want 3 and the trial", got)
			}
		})
	})
}
