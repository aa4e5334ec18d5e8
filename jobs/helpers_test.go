package jobs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/node"
	"github.com/ordo-oms/ordo/node/nodetest"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
	"github.com/ordo-oms/ordo/telemetry"
)

// settleTimeout bounds every wait for the queue's background work.
const settleTimeout = 15 * time.Second

var tracing sync.Once

// forEachDialect runs test, in parallel, once on every database dialect.
func forEachDialect(t *testing.T, test func(t *testing.T, d store.Dialect)) {
	t.Helper()
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			test(t, d)
		})
	}
}

// logBuffer collects log output written from many goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// records returns every JSON log record written so far.
func (b *logBuffer) records(t testing.TB) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for line := range strings.Lines(b.buf.String()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %v: %q", err, line)
		}
		out = append(out, rec)
	}
	return out
}

// testNode is a started node on a new database, as the command wires it.
type testNode struct {
	*node.Node
	log *logBuffer
}

// startNode starts a node on a new database of dialect d with a real tracer
// provider, a queue that polls every 20ms and a group commit that waits a
// little for more units, so that concurrent requests share batches. The
// node stops when the test ends.
func startNode(t testing.TB, d store.Dialect) *testNode {
	t.Helper()
	return startNodeOn(t, storetest.Open(t, d))
}

// startNodeOn starts a node as startNode does, on an open database.
func startNodeOn(t testing.TB, db *store.DB) *testNode {
	t.Helper()
	tracing.Do(func() { telemetry.InitTracing() })

	cfg := config.Default()
	cfg.Jobs.PollInterval = config.Duration(20 * time.Millisecond)
	cfg.Database.CommitWait = config.Duration(20 * time.Millisecond)
	cfg = cfg.WithDefaults()
	buf := &logBuffer{}
	log, err := telemetry.NewLogger(buf, "debug", "json")
	if err != nil {
		t.Fatalf("logger: %v", err)
	}
	n := nodetest.Start(t, cfg, db, log)
	return &testNode{Node: n, log: buf}
}

// tracedContext returns a context carrying a new span of the installed
// tracer provider, and that span's trace id.
func tracedContext(t testing.TB) (context.Context, string) {
	t.Helper()
	ctx, span := otel.Tracer("github.com/ordo-oms/ordo/jobs_test").Start(
		context.Background(), "receive")
	t.Cleanup(func() { span.End() })
	sc := trace.SpanContextFromContext(ctx)
	if !sc.IsValid() {
		t.Fatalf("span of the installed tracer provider has no valid ids: %v", sc)
	}
	return ctx, sc.TraceID().String()
}

// queuedJob is one row of river_job, with its arguments decoded.
type queuedJob struct {
	ID    int64
	State string
	Args  jobs.ValidateArgs
}

// queuedJobs returns the jobs of a kind in db's queue, oldest first.
func queuedJobs(t testing.TB, db *store.DB, kind string) []queuedJob {
	t.Helper()
	// SQLite keeps arguments as JSONB, which json() turns back into text.
	args := "args::text"
	if db.Dialect == store.SQLite {
		args = "json(args)"
	}
	rows, err := db.Read.QueryContext(context.Background(), `SELECT id, state, `+args+`
		FROM river_job WHERE kind = $1 ORDER BY id`, kind)
	if err != nil {
		t.Fatalf("query %s jobs: %v", kind, err)
	}
	defer rows.Close()
	var out []queuedJob
	for rows.Next() {
		var j queuedJob
		var raw string
		if err := rows.Scan(&j.ID, &j.State, &raw); err != nil {
			t.Fatalf("scan %s job: %v", kind, err)
		}
		if err := json.Unmarshal([]byte(raw), &j.Args); err != nil {
			t.Fatalf("decode args of job %d: %v: %s", j.ID, err, raw)
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("query %s jobs: %v", kind, err)
	}
	return out
}

// countRows returns the number of rows of a table that match where.
func countRows(t testing.TB, db *store.DB, table, where string, args ...any) int {
	t.Helper()
	var n int
	q := "SELECT COUNT(*) FROM " + table + " WHERE " + where
	if err := db.Read.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// eventually calls check until it returns nil, and fails the test with its
// last error when that has not happened within settleTimeout.
func eventually(t testing.TB, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(settleTimeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not so after %v: %v", what, settleTimeout, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// eventOf returns the first event of an order of the given type.
func eventOf(t testing.TB, db *store.DB, omsOrderID, eventType string) store.Event {
	t.Helper()
	evs, err := store.LoadStream(context.Background(), db.Read, store.StreamID(omsOrderID))
	if err != nil {
		t.Fatalf("load events of %s: %v", omsOrderID, err)
	}
	for _, e := range evs {
		if e.Type == eventType {
			return e
		}
	}
	t.Fatalf("order %s has no %s event among %d events", omsOrderID, eventType, len(evs))
	return store.Event{}
}
