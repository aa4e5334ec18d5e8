package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// notARef is something a unit of work hands to Tx.Later that the queue does
// not know.
type notARef struct{ ID string }

// flushEnv is a queue that is not started, flushed into by a batcher whose
// batches close only when they hold batchSize units.
type flushEnv struct {
	db      *store.DB
	queue   *jobs.Queue
	batcher *store.Batcher
}

func newFlushEnv(t testing.TB, d store.Dialect, batchSize int) *flushEnv {
	t.Helper()
	db := storetest.Open(t, d)
	q, err := jobs.New(db, jobs.Services{}, jobs.Config{},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("new queue: %v", err)
	}
	// A long wait and a batch size of exactly the units a test sends make
	// those units share one transaction as soon as the last arrives.
	b := store.NewBatcher(db, store.BatchOptions{MaxBatch: batchSize,
		Wait: time.Minute, Flush: q.Flush})
	t.Cleanup(b.Close)
	return &flushEnv{db: db, queue: q, batcher: b}
}

// doAll runs units at once so that they share a batch, and returns each
// unit's error.
func (e *flushEnv) doAll(units ...store.TxFunc) []error {
	errs := make([]error, len(units))
	var wg sync.WaitGroup
	for i, fn := range units {
		wg.Go(func() { errs[i] = e.batcher.Do(context.Background(), fn) })
	}
	wg.Wait()
	return errs
}

// spanContext returns a context carrying a remote span with fixed ids, and
// its W3C traceparent.
func spanContext(t testing.TB) (context.Context, string) {
	t.Helper()
	traceID, err := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	if err != nil {
		t.Fatal(err)
	}
	spanID, err := trace.SpanIDFromHex("00f067aa0ba902b7")
	if err != nil {
		t.Fatal(err)
	}
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: traceID, SpanID: spanID,
		TraceFlags: trace.FlagsSampled, Remote: true})
	ctx := trace.ContextWithSpanContext(context.Background(), sc)
	carrier := propagation.MapCarrier{}
	propagation.TraceContext{}.Inject(ctx, carrier)
	if carrier["traceparent"] == "" {
		t.Fatal("no traceparent for a valid span context")
	}
	return ctx, carrier["traceparent"]
}

func byID(a, b jobs.OrderRef) int { return strings.Compare(a.OMSOrderID, b.OMSOrderID) }

func TestFlush(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Run("an item that is not an OrderRef fails the batch naming its type", func(t *testing.T) {
			t.Parallel()
			e := newFlushEnv(t, d, 1)
			err := e.batcher.Do(context.Background(), func(ctx context.Context, tx *store.Tx) error {
				if _, err := store.Claim(ctx, tx, "k1", "", time.Now()); err != nil {
					return err
				}
				tx.Later(notARef{ID: "a"})
				return nil
			})
			if err == nil || !strings.Contains(err.Error(), "jobs_test.notARef") {
				t.Errorf("Do: error %v, want one naming jobs_test.notARef", err)
			}
			if n := countRows(t, e.db, "inbox", "key = $1", "k1"); n != 0 {
				t.Errorf("the failed batch's inbox key was committed (%d rows)", n)
			}
			if n := countRows(t, e.db, "river_job", "1 = 1"); n != 0 {
				t.Errorf("river_job has %d rows after a failed flush, want 0", n)
			}
		})

		t.Run("the orders of one unit make one job", func(t *testing.T) {
			t.Parallel()
			e := newFlushEnv(t, d, 1)
			ctx, tp := spanContext(t)
			err := e.batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
				for _, id := range []string{"a", "b", "c"} {
					if err := e.queue.EnqueueValidation(ctx, tx, id); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if n := countRows(t, e.db, "river_job", "1 = 1"); n != 1 {
				t.Errorf("river_job has %d rows, want 1", n)
			}
			got := queuedJobs(t, e.db, "validate_orders")
			if len(got) != 1 {
				t.Fatalf("%d validate_orders jobs, want 1", len(got))
			}
			want := jobs.ValidateArgs{Orders: []jobs.OrderRef{
				{OMSOrderID: "a", TraceParent: tp},
				{OMSOrderID: "b", TraceParent: tp},
				{OMSOrderID: "c", TraceParent: tp},
			}}
			if diff := cmp.Diff(want, got[0].Args); diff != "" {
				t.Errorf("job args (-want +got):\n%s", diff)
			}
			if got[0].State != "available" {
				t.Errorf("job state %q, want available", got[0].State)
			}
		})

		t.Run("the orders of units sharing a batch make one job", func(t *testing.T) {
			t.Parallel()
			e := newFlushEnv(t, d, 3)
			enqueue := func(id string) store.TxFunc {
				return func(ctx context.Context, tx *store.Tx) error {
					return e.queue.EnqueueValidation(ctx, tx, id)
				}
			}
			for i, err := range e.doAll(enqueue("a"), enqueue("b"), enqueue("c")) {
				if err != nil {
					t.Fatalf("unit %d: %v", i, err)
				}
			}
			got := queuedJobs(t, e.db, "validate_orders")
			if len(got) != 1 {
				t.Fatalf("%d validate_orders jobs, want 1: %+v", len(got), got)
			}
			refs := slices.SortedFunc(slices.Values(got[0].Args.Orders), byID)
			want := []jobs.OrderRef{{OMSOrderID: "a"}, {OMSOrderID: "b"}, {OMSOrderID: "c"}}
			if diff := cmp.Diff(want, refs); diff != "" {
				t.Errorf("job orders (-want +got):\n%s", diff)
			}
		})

		t.Run("a failed unit's orders are left out of the batch's job", func(t *testing.T) {
			t.Parallel()
			e := newFlushEnv(t, d, 3)
			boom := errors.New("boom")
			enqueue := func(id string, err error) store.TxFunc {
				return func(ctx context.Context, tx *store.Tx) error {
					if err := e.queue.EnqueueValidation(ctx, tx, id); err != nil {
						return err
					}
					return err
				}
			}
			errs := e.doAll(enqueue("a", nil), enqueue("b", boom), enqueue("c", nil))
			if diff := cmp.Diff([]error{nil, boom, nil}, errs, cmpopts.EquateErrors()); diff != "" {
				t.Errorf("unit errors (-want +got):\n%s", diff)
			}
			got := queuedJobs(t, e.db, "validate_orders")
			if len(got) != 1 {
				t.Fatalf("%d validate_orders jobs, want 1: %+v", len(got), got)
			}
			refs := slices.SortedFunc(slices.Values(got[0].Args.Orders), byID)
			want := []jobs.OrderRef{{OMSOrderID: "a"}, {OMSOrderID: "c"}}
			if diff := cmp.Diff(want, refs); diff != "" {
				t.Errorf("job orders (-want +got):\n%s", diff)
			}
		})

		t.Run("a batch that schedules nothing inserts no job", func(t *testing.T) {
			t.Parallel()
			e := newFlushEnv(t, d, 1)
			err := e.batcher.Do(context.Background(), func(ctx context.Context, tx *store.Tx) error {
				_, err := store.Claim(ctx, tx, "k1", "", time.Now())
				return err
			})
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if n := countRows(t, e.db, "river_job", "1 = 1"); n != 0 {
				t.Errorf("river_job has %d rows, want 0", n)
			}
		})
	})
}
