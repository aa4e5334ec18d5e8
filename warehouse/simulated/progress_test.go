package simulated_test

import (
	"context"
	"errors"
	"regexp"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/simulated"
)

func TestReleaseIsPickedPackedAndShipped(t *testing.T) {
	r := newReports()
	w := start(t, simulated.Options{HandlingTime: 30 * time.Millisecond, Report: r.report})

	begun := time.Now()
	got := send(t, w, release("r1"))
	accepted := []warehouse.Answer{{Reference: "r1", Outcome: warehouse.Accepted}}
	if diff := cmp.Diff(accepted, got); diff != "" {
		t.Errorf("answers mismatch (-want +got):\n%s", diff)
	}
	updates := []warehouse.StatusUpdate{r.next(t), r.next(t), r.next(t)}
	if took := time.Since(begun); took < 30*time.Millisecond {
		t.Errorf("shipped after %s, before the handling time of 30ms", took)
	}
	if len(updates[2].Parcels) != 1 {
		t.Fatalf("last report %+v, want one parcel", updates[2])
	}
	tracking := updates[2].Parcels[0].TrackingNumber
	if !regexp.MustCompile(`^SIM\d{10}$`).MatchString(tracking) {
		t.Errorf("tracking number %q, want SIM and 10 digits", tracking)
	}
	shipped := update("r1", "shipped")
	shipped.Parcels = []warehouse.Parcel{{ID: "r1-1", Carrier: simulated.DefaultCarrier,
		TrackingNumber: tracking, TrackingURL: "https://track.example/" + tracking}}
	want := []warehouse.StatusUpdate{update("r1", "picked"), update("r1", "packed"), shipped}
	if diff := cmp.Diff(want, updates); diff != "" {
		t.Errorf("reports mismatch (-want +got):\n%s", diff)
	}
}

func TestParcelFollowsInstruction(t *testing.T) {
	shipment := func(in warehouse.Instruction) warehouse.Parcel {
		r := newReports()
		w := start(t, simulated.Options{Report: r.report})
		send(t, w, in)
		r.next(t)
		r.next(t)
		return r.next(t).Parcels[0]
	}
	dhl := release("r1")
	dhl.Carrier = "dhl"
	first, again, other := shipment(dhl), shipment(release("r1")), shipment(release("r2"))
	if first.Carrier != "dhl" {
		t.Errorf("carrier %q, want the instruction's dhl", first.Carrier)
	}
	if first.TrackingNumber != again.TrackingNumber {
		t.Errorf("tracking numbers %q and %q of one reference differ",
			first.TrackingNumber, again.TrackingNumber)
	}
	if first.TrackingNumber == other.TrackingNumber {
		t.Errorf("references r1 and r2 share tracking number %q", first.TrackingNumber)
	}
}

func TestCancelBeforeShipmentStopsIt(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cancel warehouse.Instruction
		sends  int
	}{
		{"by reference", cancel("r1", "f-r1"), 1},
		{"by fulfilment", cancel("c1", "f-r1"), 1},
		{"twice", cancel("c1", "f-r1"), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newReports()
			w := start(t, simulated.Options{HandlingTime: time.Hour, Report: r.report})
			send(t, w, release("r1"))

			want := []warehouse.Answer{{Reference: tc.cancel.Reference, Outcome: warehouse.Cancelled}}
			for range tc.sends {
				if diff := cmp.Diff(want, send(t, w, tc.cancel)); diff != "" {
					t.Errorf("answers mismatch (-want +got):\n%s", diff)
				}
			}
			if diff := cmp.Diff(update("r1", "cancelled"), r.next(t)); diff != "" {
				t.Errorf("report mismatch (-want +got):\n%s", diff)
			}
			w.Close()
			r.none(t)
		})
	}
}

func TestCancelAfterPickingStopsTheRest(t *testing.T) {
	r := newReports()
	picked, resume := make(chan struct{}), make(chan struct{})
	report := func(ctx context.Context, u warehouse.StatusUpdate) error {
		if u.Code == "picked" {
			close(picked)
			<-resume
		}
		return r.report(ctx, u)
	}
	w := start(t, simulated.Options{HandlingTime: 30 * time.Millisecond, Report: report})
	send(t, w, release("r1"))

	<-picked
	got := send(t, w, cancel("r1", "f-r1"))
	close(resume)
	if got[0].Outcome != warehouse.Cancelled {
		t.Errorf("answer %+v, want cancelled", got[0])
	}
	want := []warehouse.StatusUpdate{update("r1", "picked"), update("r1", "cancelled")}
	if diff := cmp.Diff(want, []warehouse.StatusUpdate{r.next(t), r.next(t)}); diff != "" {
		t.Errorf("reports mismatch (-want +got):\n%s", diff)
	}
	time.Sleep(40 * time.Millisecond)
	r.none(t)
}

func TestCancelAfterShipmentIsTooLate(t *testing.T) {
	r := newReports()
	w := start(t, simulated.Options{Report: r.report})
	send(t, w, release("r1"))
	for range 3 {
		r.next(t)
	}

	got := send(t, w, cancel("c1", "f-r1"))
	want := []warehouse.Answer{{Reference: "c1", Outcome: warehouse.TooLate,
		Detail: "already shipped"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers mismatch (-want +got):\n%s", diff)
	}
	w.Close()
	r.none(t)
}

func TestCancelOfUnknownReferenceHasNothingToStop(t *testing.T) {
	r := newReports()
	w := start(t, simulated.Options{Report: r.report})

	got := send(t, w, cancel("c1", "f-unknown"))
	if got[0].Outcome != warehouse.Cancelled {
		t.Errorf("answer %+v, want cancelled", got[0])
	}
	w.Close()
	r.none(t)
}

func TestFailedReportIsRetried(t *testing.T) {
	r := newReports()
	var mu sync.Mutex
	calls := 0
	report := func(ctx context.Context, u warehouse.StatusUpdate) error {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n <= 2 {
			return errors.New("intake unavailable")
		}
		return r.report(ctx, u)
	}
	w := start(t, simulated.Options{Report: report})
	send(t, w, release("r1"))

	for _, code := range []string{"picked", "packed", "shipped"} {
		if u := r.next(t); u.Code != code {
			t.Errorf("report %q, want %q", u.Code, code)
		}
	}
	w.Close()
	if calls != 5 {
		t.Errorf("Report called %d times, want 2 failures and 3 successes", calls)
	}
}

func TestCloseStopsEveryShipment(t *testing.T) {
	before := runtime.NumGoroutine()
	var calls atomic.Int64
	failing := func(context.Context, warehouse.StatusUpdate) error {
		calls.Add(1)
		return errors.New("intake unavailable")
	}
	w := simulated.New(simulated.Options{Location: "dc", Report: failing})
	slow := simulated.New(simulated.Options{Location: "dc", HandlingTime: time.Hour, Report: failing})
	for _, w := range []*simulated.Warehouse{w, slow} {
		send(t, w, release("r1"), release("r2"), release("r3"))
	}
	for calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}

	closed := make(chan struct{})
	go func() {
		w.Close()
		slow.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("Close did not return within 2s")
	}
	n := calls.Load()
	time.Sleep(100 * time.Millisecond)
	if calls.Load() != n {
		t.Errorf("Report called %d times after Close", calls.Load()-n)
	}
	if _, err := w.Send(context.Background(), nil); !errors.Is(err, simulated.ErrClosed) {
		t.Errorf("Send after Close: error %v, want ErrClosed", err)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines before, %d after Close", before, after)
	}
}
