package simulated_test

import (
	"context"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/simulated"
)

// at is the time every test warehouse stamps its reports with.
var at = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func now() time.Time { return at }

// reports receives what a warehouse reports, in order.
type reports chan warehouse.StatusUpdate

func newReports() reports { return make(reports, 64) }

// report is an Options.Report that always succeeds.
func (r reports) report(ctx context.Context, u warehouse.StatusUpdate) error {
	select {
	case r <- u:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// next returns the next report, failing the test if none comes soon.
func (r reports) next(t testing.TB) warehouse.StatusUpdate {
	t.Helper()
	select {
	case u := <-r:
		return u
	case <-time.After(2 * time.Second):
		t.Fatal("no report within 2s")
		return warehouse.StatusUpdate{}
	}
}

// none fails the test if a report is waiting.
func (r reports) none(t testing.TB) {
	t.Helper()
	select {
	case u := <-r:
		t.Errorf("unexpected report %+v", u)
	default:
	}
}

// start returns a warehouse that is closed when the test ends.
func start(t testing.TB, o simulated.Options) *simulated.Warehouse {
	t.Helper()
	if o.Location == "" {
		o.Location = "dc"
	}
	if o.Now == nil {
		o.Now = now
	}
	w := simulated.New(o)
	t.Cleanup(w.Close)
	return w
}

// send sends batch and fails the test on an error.
func send(t testing.TB, w *simulated.Warehouse, batch ...warehouse.Instruction) []warehouse.Answer {
	t.Helper()
	answers, err := w.Send(context.Background(), batch)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	return answers
}

func release(ref string) warehouse.Instruction {
	return warehouse.Instruction{Reference: ref, Kind: warehouse.KindRelease,
		FulfilmentID: "f-" + ref, Location: "dc", CreatedAt: at}
}

func cancel(ref, fulfilment string) warehouse.Instruction {
	return warehouse.Instruction{Reference: ref, Kind: warehouse.KindCancel,
		FulfilmentID: fulfilment, Location: "dc", CreatedAt: at}
}

// update is the report a test warehouse makes of code for ref.
func update(ref, code string) warehouse.StatusUpdate {
	return warehouse.StatusUpdate{EventID: ref + ":" + code, Reference: ref, Code: code, At: at}
}
