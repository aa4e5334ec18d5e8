package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Config says what load to put on which Ordo.
type Config struct {
	// URL is Ordo's base URL, such as "http://127.0.0.1:8080".
	URL string
	// Secret is the webhook secret of the Shopify channel in Ordo.
	Secret []byte
	// ShopDomain is that channel's shop_domain.
	ShopDomain string
	// Token is an API token to count the orders with. Empty leaves them
	// uncounted, and the report not OK.
	Token string
	// Orders is the number of distinct orders to create, at most MaxOrders.
	// Run makes every delivery before it sends the first, so that making
	// them does not slow the sending; that takes some 5 KB per order.
	Orders int
	// Concurrency is the number of deliveries in flight at once; zero
	// means DefaultConcurrency.
	Concurrency int
	// Duplicates is the number of extra deliveries that repeat an event,
	// as a fraction of Orders, from 0 to 1.
	Duplicates float64
	// Seed chooses the orders. Runs with one seed send the same orders
	// under different IDs.
	Seed int64
	// Out, when not nil, receives a line of progress every second. The
	// report is not written to it.
	Out io.Writer
}

// DefaultConcurrency is the concurrency of a Config that sets none.
const DefaultConcurrency = 16

// clockSkew is how far Ordo's clock may be behind this one and still list
// every order of the run: the orders are asked for from this long before
// the run started.
const clockSkew = time.Minute

func (c *Config) validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("loadtest: config: "+format, args...))
	}
	if c.URL == "" {
		bad("URL is empty; give Ordo's base URL, such as http://127.0.0.1:8080")
	}
	if len(c.Secret) == 0 {
		bad("Secret is empty; give the Shopify channel's webhook secret")
	}
	if c.ShopDomain == "" {
		bad("ShopDomain is empty; give the Shopify channel's shop_domain")
	}
	if c.Orders < 1 || c.Orders > MaxOrders {
		bad("Orders is %d; it must be from 1 to %d", c.Orders, MaxOrders)
	}
	if c.Concurrency < 0 {
		bad("Concurrency is %d; it must not be negative", c.Concurrency)
	}
	if !(c.Duplicates >= 0 && c.Duplicates <= 1) {
		bad("Duplicates is %v; it must be from 0 to 1", c.Duplicates)
	}
	return errors.Join(errs...)
}

// Run sends a load test's deliveries to Ordo, cfg.Concurrency at a time,
// then counts the run's orders through Ordo's API. It returns an error for
// a bad Config, and otherwise a report with the error, if any: the context
// ended, or the orders could not be counted. Responses that are not 2xx
// are in the report, not the error.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	workers := cfg.Concurrency
	if workers == 0 {
		workers = DefaultConcurrency
	}
	started := time.Now()

	// The orders were placed before the run, the last about now, under
	// IDs that no other run uses.
	g := NewGenerator(cfg.Seed, cfg.ShopDomain)
	g.RunID = NewRunID()
	g.Start = started.Add(-time.Duration(cfg.Orders) * orderGap)
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), uint64(g.RunID)))
	plan := Plan(g, cfg.Orders, cfg.Duplicates, rng)
	rep := newReport(cfg, plan, started, workers)

	client := NewClient(workers)
	defer client.CloseIdleConnections()
	s := &Sender{URL: cfg.URL, Secret: cfg.Secret, ShopDomain: cfg.ShopDomain, Client: client}
	var sent atomic.Int64
	stop := progress(cfg.Out, &sent, len(plan))
	results, wall := deliver(ctx, s, plan, workers, &sent)
	stop()
	rep.record(results, wall)
	if err := ctx.Err(); err != nil {
		rep.VerifyError = "the run was cancelled"
		return rep, fmt.Errorf("loadtest: run: %w", err)
	}

	if cfg.Token == "" {
		rep.VerifyError = "no API token was given"
		return rep, nil
	}
	if cfg.Out != nil {
		fmt.Fprintln(cfg.Out, "loadtest: counting the orders in Ordo")
	}
	c, err := countOrders(ctx, client, cfg.URL, cfg.Token, started.Add(-clockSkew), g.Produced)
	if err != nil {
		rep.VerifyError = err.Error()
		return rep, err
	}
	rep.Verified, rep.Distinct, rep.Rows, rep.OrderStatuses = true, c.distinct, c.rows, c.statuses
	return rep, nil
}

// result is the outcome of one delivery; sent is false for one that the
// run did not get to.
type result struct {
	sent    bool
	status  int
	latency time.Duration
	err     error
}

// deliver sends the plan with the given number of workers, in the plan's
// order, and returns each delivery's result and the wall time taken. It
// stops handing out deliveries when ctx ends.
func deliver(ctx context.Context, s *Sender, plan []Delivery, workers int,
	sent *atomic.Int64) ([]result, time.Duration) {
	results := make([]result, len(plan))
	next := make(chan int)
	var wg sync.WaitGroup
	begin := time.Now()
	for range min(workers, len(plan)) {
		wg.Go(func() {
			for i := range next {
				status, latency, err := s.Send(ctx, plan[i])
				results[i] = result{sent: true, status: status, latency: latency, err: err}
				sent.Add(1)
			}
		})
	}
feed:
	for i := range plan {
		if ctx.Err() != nil {
			break
		}
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return results, time.Since(begin)
}

// progress prints how many of total deliveries are sent, every second,
// until the function it returns is called. With a nil out it does nothing.
func progress(out io.Writer, sent *atomic.Int64, total int) (stop func()) {
	if out == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				fmt.Fprintf(out, "loadtest: %d of %d deliveries sent\n", sent.Load(), total)
			case <-done:
				return
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// newReport returns a report of what the plan holds, before it is sent.
func newReport(cfg Config, plan []Delivery, started time.Time, workers int) *Report {
	r := &Report{
		URL:         cfg.URL,
		Started:     started,
		Orders:      cfg.Orders,
		Deliveries:  len(plan),
		Concurrency: workers,
		Statuses:    map[int]int{},
	}
	events := map[string]bool{}
	for _, d := range plan {
		if events[d.EventID] {
			continue
		}
		events[d.EventID] = true
		if d.Topic == TopicOrdersPaid {
			r.Updates++
		}
	}
	r.Duplicates = len(plan) - len(events)
	return r
}

// maxErrorSamples is how many different errors a report quotes.
const maxErrorSamples = 3

// record adds the results of sending to the report.
func (r *Report) record(results []result, wall time.Duration) {
	r.Wall = wall
	var samples []time.Duration
	for _, res := range results {
		if !res.sent {
			continue
		}
		r.Sent++
		if res.status != 0 {
			r.Statuses[res.status]++
			samples = append(samples, res.latency)
			if res.status >= 200 && res.status <= 299 {
				r.Accepted++
			}
		}
		if res.err != nil {
			r.Errors++
			if msg := res.err.Error(); len(r.ErrorSamples) < maxErrorSamples &&
				!slices.Contains(r.ErrorSamples, msg) {
				r.ErrorSamples = append(r.ErrorSamples, msg)
			}
		}
	}
	r.Latency = summarize(samples)
	if secs := wall.Seconds(); secs > 0 {
		r.AcceptedPerSecond = float64(r.Accepted) / secs
	}
}
