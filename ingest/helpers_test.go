package ingest_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// enqueuer records the validations and routings asked for. It is a
// hand-written fake: the job queue has its own tests.
type enqueuer struct {
	mu     sync.Mutex
	ids    []string
	routed []string
}

var _ ingest.Enqueuer = (*enqueuer)(nil)

func (e *enqueuer) EnqueueValidation(ctx context.Context, tx *store.Tx, id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ids = append(e.ids, id)
	return nil
}

func (e *enqueuer) EnqueueRouting(ctx context.Context, tx *store.Tx, id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.routed = append(e.routed, id)
	return nil
}

type env struct {
	db   *store.DB
	svc  *ingest.Service
	jobs *enqueuer
}

// newEnv returns an ingest service on a new database of dialect d.
func newEnv(t testing.TB, d store.Dialect) *env {
	t.Helper()
	db := storetest.Open(t, d)
	b := store.NewBatcher(db, store.BatchOptions{MaxBatch: 64})
	t.Cleanup(b.Close)
	e := &env{db: db, jobs: &enqueuer{}}
	e.svc = &ingest.Service{Batcher: b, Jobs: e.jobs, Read: db.Read, Now: time.Now}
	return e
}

// node returns a second service on the same database with a batcher of
// its own, as another Ordo process would have.
func (e *env) node(t testing.TB) *ingest.Service {
	t.Helper()
	b := store.NewBatcher(e.db, store.BatchOptions{MaxBatch: 64})
	t.Cleanup(b.Close)
	return &ingest.Service{Batcher: b, Jobs: e.jobs, Read: e.db.Read, Now: time.Now}
}

// events returns the types of an order's events, in order.
func (e *env) events(t testing.TB, omsOrderID string) []string {
	t.Helper()
	evs, err := store.LoadStream(context.Background(), e.db.Read, store.StreamID(omsOrderID))
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, ev := range evs {
		types = append(types, ev.Type)
	}
	return types
}

// count returns the number of rows of a table.
func (e *env) count(t testing.TB, table string) int {
	t.Helper()
	var n int
	if err := e.db.Read.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// validate runs validation of an order as the job does.
func (e *env) validate(t testing.TB, omsOrderID string) {
	t.Helper()
	if err := e.svc.Validate(context.Background(), ingest.Validation{
		OMSOrderID: omsOrderID, Meta: store.Meta{OccurredAt: time.Now()}}); err != nil {
		t.Fatal(err)
	}
}

func forEachDialect(t *testing.T, fn func(t *testing.T, d store.Dialect)) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			fn(t, d)
		})
	}
}
