// Package simulated is a warehouse that runs inside Ordo. It takes
// releases and cancellations as a real warehouse does, keyed on each
// instruction's reference, and reports picked, packed and shipped after
// a set handling time. It serves ordo demo, the load test, and trying
// rules before a real connection exists.
//
// It keeps everything in memory, for as long as it runs. A restart
// forgets every reference and every shipment under way. Ordo resends the
// releases it has no answer for, and the warehouse takes a reference it
// no longer knows as a new one; a release it accepted before the restart
// is not resent, so it is never shipped.
package simulated

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
)

// DefaultCarrier ships every parcel whose instruction names no carrier.
const DefaultCarrier = "postnl"

// batchSize is the most instructions one Send takes.
const batchSize = 100

var (
	// ErrOutage is the refusal of a whole Send that FailureRate draws, as
	// a real warehouse answers 503. It is not permanent, so Ordo retries.
	ErrOutage = errors.New("simulated outage")
	// ErrClosed is returned by Send after Close.
	ErrClosed = errors.New("simulated: warehouse closed")
)

// Options configures a simulated warehouse.
type Options struct {
	// Location is the id of the location the warehouse plays. Its errors
	// name it.
	Location string
	// HandlingTime is how long a release takes until it ships, split
	// evenly over picking, packing and shipping. At zero the warehouse
	// reports all three at once.
	HandlingTime time.Duration
	// FailureRate is the fraction of Send calls refused with ErrOutage
	// before anything is recorded: 0 refuses none, 1 all.
	FailureRate float64
	// Seed seeds the draw of refusals, so that a run can be repeated.
	// Zero seeds at random.
	Seed uint64
	// Report tells Ordo of a status update. While it returns an error
	// the warehouse tries again, waiting 50ms at first and twice as long
	// each time up to 2s, until Close. The context it gets ends at Close.
	// A nil Report drops the updates.
	Report func(ctx context.Context, u warehouse.StatusUpdate) error
	// Now stamps the status updates. Nil means time.Now.
	Now func() time.Time
}

// Warehouse is a simulated warehouse. It is a warehouse.Connector, safe
// for concurrent use. Close it to stop the shipments under way.
type Warehouse struct {
	opts Options
	// ctx is given to Report and ends at Close, which cancel does.
	ctx    context.Context
	cancel context.CancelFunc
	// wg counts the goroutines that walk shipments through their steps.
	wg sync.WaitGroup

	mu        sync.Mutex
	closed    bool
	rand      *rand.Rand
	requests  int
	picks     map[string]int
	shipments map[string]*shipment
	// byFulfilment finds a shipment for a cancel that carries a
	// reference of its own.
	byFulfilment map[string]*shipment
}

var _ warehouse.Connector = (*Warehouse)(nil)

// New returns a simulated warehouse configured by o.
func New(o Options) *Warehouse {
	if o.Now == nil {
		o.Now = time.Now
	}
	seed := o.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Warehouse{
		opts:         o,
		ctx:          ctx,
		cancel:       cancel,
		rand:         rand.New(rand.NewPCG(seed, seed)),
		picks:        map[string]int{},
		shipments:    map[string]*shipment{},
		byFulfilment: map[string]*shipment{},
	}
}

// BatchSize is the most instructions one Send takes: 100.
func (w *Warehouse) BatchSize() int { return batchSize }

// Send takes a batch of instructions and answers each, in order. A
// release of a reference the warehouse knows is accepted again without a
// second pick. A cancel finds its shipment by reference, or else by
// fulfilment id; it is answered TooLate once the shipment has shipped,
// and Cancelled otherwise, also when nothing is known to stop.
//
// Send fails as a whole with ErrOutage as often as FailureRate says,
// with a *warehouse.PermanentError for a batch it cannot read, and with
// ErrClosed after Close.
func (w *Warehouse) Send(ctx context.Context, batch []warehouse.Instruction) ([]warehouse.Answer, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.requests++
	switch {
	case w.closed:
		return nil, fmt.Errorf("send to %s: %w", w.opts.Location, ErrClosed)
	case ctx.Err() != nil:
		return nil, fmt.Errorf("send to %s: %w", w.opts.Location, ctx.Err())
	case w.rand.Float64() < w.opts.FailureRate:
		return nil, fmt.Errorf("%w at %s", ErrOutage, w.opts.Location)
	}
	if err := w.check(batch); err != nil {
		return nil, err
	}
	answers := make([]warehouse.Answer, len(batch))
	for i, in := range batch {
		if in.Kind == warehouse.KindRelease {
			answers[i] = w.release(in)
		} else {
			answers[i] = w.stop(in)
		}
	}
	return answers, nil
}

// check refuses a batch a real warehouse could not read.
func (w *Warehouse) check(batch []warehouse.Instruction) error {
	refuse := func(format string, args ...any) error {
		return &warehouse.PermanentError{Location: w.opts.Location, Detail: fmt.Sprintf(format, args...)}
	}
	if len(batch) > batchSize {
		return refuse("batch of %d instructions; at most %d", len(batch), batchSize)
	}
	for i, in := range batch {
		switch {
		case in.Reference == "":
			return refuse("instruction %d has no reference", i)
		case in.Kind != warehouse.KindRelease && in.Kind != warehouse.KindCancel:
			return refuse("instruction %s has unknown kind %q", in.Reference, in.Kind)
		}
	}
	return nil
}

// release records a new release and starts walking it to shipment. The
// caller holds w.mu.
func (w *Warehouse) release(in warehouse.Instruction) warehouse.Answer {
	answer := warehouse.Answer{Reference: in.Reference, Outcome: warehouse.Accepted}
	if w.shipments[in.Reference] != nil {
		return answer
	}
	s := newShipment(in)
	w.shipments[in.Reference] = s
	if in.FulfilmentID != "" {
		w.byFulfilment[in.FulfilmentID] = s
	}
	w.picks[in.Reference]++
	w.wg.Add(1)
	go w.progress(s)
	return answer
}

// stop cancels the shipment a cancel instruction names, unless it has
// shipped. The caller holds w.mu.
func (w *Warehouse) stop(in warehouse.Instruction) warehouse.Answer {
	s := w.shipments[in.Reference]
	if s == nil {
		s = w.byFulfilment[in.FulfilmentID]
	}
	switch {
	case s == nil:
		return warehouse.Answer{Reference: in.Reference, Outcome: warehouse.Cancelled,
			Detail: "nothing to cancel"}
	case s.shipped:
		return warehouse.Answer{Reference: in.Reference, Outcome: warehouse.TooLate,
			Detail: "already shipped"}
	case !s.cancelled:
		s.cancelled = true
		close(s.stop)
	}
	return warehouse.Answer{Reference: in.Reference, Outcome: warehouse.Cancelled}
}

// Picks returns how often the warehouse picked each reference: once for
// every release it recorded, however often it was sent.
func (w *Warehouse) Picks() map[string]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	picks := make(map[string]int, len(w.picks))
	for ref, n := range w.picks {
		picks[ref] = n
	}
	return picks
}

// Requests returns how many times Send was called, refused calls
// included.
func (w *Warehouse) Requests() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.requests
}

// Close stops every shipment under way and waits until no report is
// being made. No report starts after Close returns. Closing twice is
// harmless.
func (w *Warehouse) Close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.cancel()
	w.wg.Wait()
}
