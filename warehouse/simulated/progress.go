package simulated

import (
	"fmt"
	"hash/fnv"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
)

// steps are the statuses a release goes through, each reported a third
// of the handling time after the one before.
var steps = [...]string{"picked", "packed", "shipped"}

// cancelled is the status reported for a cancelled release.
const cancelled = "cancelled"

// The wait before trying a failed report again, doubling from
// firstBackoff up to maxBackoff.
const (
	firstBackoff = 50 * time.Millisecond
	maxBackoff   = 2 * time.Second
)

// shipment is a release on its way through the warehouse. Its cancelled
// and shipped are guarded by the Warehouse's mutex; the rest is fixed when
// it is made.
type shipment struct {
	reference string
	carrier   string
	released  time.Time
	// stop is closed when the shipment is cancelled.
	stop      chan struct{}
	cancelled bool
	shipped   bool
}

func newShipment(in warehouse.Instruction) *shipment {
	s := &shipment{reference: in.Reference, carrier: in.Carrier, released: time.Now(),
		stop: make(chan struct{})}
	if s.carrier == "" {
		s.carrier = DefaultCarrier
	}
	return s
}

// progress walks s through its steps and reports each in turn, so that
// its reports arrive in order. A cancel ends the walk with a cancelled
// report; Close ends it at once.
func (w *Warehouse) progress(s *shipment) {
	defer w.wg.Done()
	for i, code := range steps {
		due := s.released.Add(w.opts.HandlingTime * time.Duration(i+1) / time.Duration(len(steps)))
		if !w.sleep(time.Until(due), s.stop) {
			return
		}
		u, ok := w.advance(s, code)
		if !ok {
			return
		}
		w.report(u)
		if u.Code == cancelled {
			return
		}
	}
}

// advance moves s to the status code, or to cancelled if it was
// cancelled, and returns the update that says so. It reports false once
// the warehouse is closed.
func (w *Warehouse) advance(s *shipment, code string) (warehouse.StatusUpdate, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return warehouse.StatusUpdate{}, false
	}
	if s.cancelled {
		code = cancelled
	}
	u := warehouse.StatusUpdate{EventID: s.reference + ":" + code, Reference: s.reference,
		Code: code, At: w.opts.Now()}
	if code == "shipped" {
		s.shipped = true
		u.Parcels = []warehouse.Parcel{s.parcel()}
	}
	return u, true
}

// parcel is the one parcel s ships in. It lists no lines, so it holds
// everything.
func (s *shipment) parcel() warehouse.Parcel {
	h := fnv.New64a()
	h.Write([]byte(s.reference))
	tracking := fmt.Sprintf("SIM%010d", h.Sum64()%10_000_000_000)
	return warehouse.Parcel{ID: s.reference + "-1", Carrier: s.carrier,
		TrackingNumber: tracking, TrackingURL: "https://track.example/" + tracking}
}

// report hands u to Options.Report, trying again with a growing wait
// while it fails, until it succeeds or the warehouse closes.
func (w *Warehouse) report(u warehouse.StatusUpdate) {
	if w.opts.Report == nil {
		return
	}
	for wait := firstBackoff; w.opts.Report(w.ctx, u) != nil; wait = min(2*wait, maxBackoff) {
		if !w.sleep(wait, nil) {
			return
		}
	}
}

// sleep waits for d, or until stop is closed. It reports false if the
// warehouse closes first.
func (w *Warehouse) sleep(d time.Duration, stop <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-stop:
		return true
	case <-w.ctx.Done():
		return false
	}
}
