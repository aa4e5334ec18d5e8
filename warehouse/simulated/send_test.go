package simulated_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/simulated"
)

func TestRepeatedReleaseIsPickedOnce(t *testing.T) {
	r := newReports()
	w := start(t, simulated.Options{HandlingTime: 30 * time.Millisecond, Report: r.report})

	got := append(send(t, w, release("r1"), release("r1")), send(t, w, release("r1"))...)
	accepted := warehouse.Answer{Reference: "r1", Outcome: warehouse.Accepted}
	if diff := cmp.Diff([]warehouse.Answer{accepted, accepted, accepted}, got); diff != "" {
		t.Errorf("answers mismatch (-want +got):\n%s", diff)
	}
	for _, code := range []string{"picked", "packed", "shipped"} {
		if u := r.next(t); u.Code != code {
			t.Errorf("report %q, want %q", u.Code, code)
		}
	}
	time.Sleep(60 * time.Millisecond)
	r.none(t)
	if diff := cmp.Diff(map[string]int{"r1": 1}, w.Picks()); diff != "" {
		t.Errorf("picks mismatch (-want +got):\n%s", diff)
	}
	if n := w.Requests(); n != 2 {
		t.Errorf("Requests() = %d, want 2", n)
	}
}

func TestFailureRateOneRefusesEverySend(t *testing.T) {
	r := newReports()
	w := start(t, simulated.Options{FailureRate: 1, Report: r.report})

	for i := range 20 {
		_, err := w.Send(context.Background(), []warehouse.Instruction{release(fmt.Sprint("r", i))})
		if !errors.Is(err, simulated.ErrOutage) || warehouse.IsPermanent(err) {
			t.Fatalf("Send: error %v, want a retryable ErrOutage", err)
		}
		if err.Error() != "simulated outage at dc" {
			t.Errorf("error %q, want %q", err, "simulated outage at dc")
		}
	}
	w.Close()
	r.none(t)
	if picks := w.Picks(); len(picks) != 0 {
		t.Errorf("Picks() = %v, want none", picks)
	}
	if n := w.Requests(); n != 20 {
		t.Errorf("Requests() = %d, want 20", n)
	}
}

func TestFailureRateIsReproducible(t *testing.T) {
	outages := func() []bool {
		w := start(t, simulated.Options{FailureRate: 0.3, Seed: 7})
		out := make([]bool, 1000)
		for i := range out {
			_, err := w.Send(context.Background(), nil)
			out[i] = errors.Is(err, simulated.ErrOutage)
		}
		return out
	}
	first := outages()
	failed := 0
	for _, f := range first {
		if f {
			failed++
		}
	}
	if failed < 200 || failed > 400 {
		t.Errorf("%d of 1000 sends failed, want about 300", failed)
	}
	if diff := cmp.Diff(first, outages()); diff != "" {
		t.Errorf("the same seed failed other sends (-first +second):\n%s", diff)
	}
}

func TestUnreadableBatchIsRefusedForGood(t *testing.T) {
	tooMany := make([]warehouse.Instruction, 101)
	for i := range tooMany {
		tooMany[i] = release(fmt.Sprint("r", i))
	}
	for name, batch := range map[string][]warehouse.Instruction{
		"unknown kind": {release("r1"), {Reference: "r2", Kind: "return"}},
		"no reference": {release("r1"), {Kind: warehouse.KindRelease}},
		"too many":     tooMany,
	} {
		t.Run(name, func(t *testing.T) {
			w := start(t, simulated.Options{})
			if _, err := w.Send(context.Background(), batch); !warehouse.IsPermanent(err) {
				t.Errorf("Send: error %v, want a *warehouse.PermanentError", err)
			}
			if picks := w.Picks(); len(picks) != 0 {
				t.Errorf("Picks() = %v, want none", picks)
			}
		})
	}
}

func TestSendHonoursItsContext(t *testing.T) {
	w := start(t, simulated.Options{})
	ctx, stop := context.WithCancel(context.Background())
	stop()
	_, err := w.Send(ctx, []warehouse.Instruction{release("r1")})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Send: error %v, want context.Canceled", err)
	}
	if picks := w.Picks(); len(picks) != 0 {
		t.Errorf("Picks() = %v, want none", picks)
	}
}
