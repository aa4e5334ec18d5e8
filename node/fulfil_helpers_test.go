package node_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/api"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/node"
	"github.com/ordo-oms/ordo/node/nodetest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/telemetry"
)

// The one location of testdata/rules.yaml, and the secret it shares with
// Ordo.
const (
	warehouseID     = "dc-utrecht"
	warehouseSecret = "fulfilment-test-secret"
)

// The job kind whose dead letters the tests replay.
var sendKind = jobs.SendArgs{}.Kind()

// quiet is the logger of the tests' nodes.
var quiet = slog.New(slog.DiscardHandler)

// fulfilConfig returns a configuration with the rule set of
// testdata/rules.yaml, loc as its only location and a job queue that polls
// every 10ms, with every default filled in.
func fulfilConfig(t testing.TB, loc config.Location) *config.Config {
	t.Helper()
	rules, err := filepath.Abs(filepath.Join("testdata", "rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Rules = rules
	cfg.Jobs.PollInterval = config.Duration(10 * time.Millisecond)
	cfg.Locations = []config.Location{loc}
	return cfg.WithDefaults()
}

// restLocation is the rules' location behind the rest connector at url,
// in the given mode.
func restLocation(url, mode string) config.Location {
	return config.Location{ID: warehouseID, Connector: "rest", Mode: mode,
		Secret: config.Secret(warehouseSecret), REST: config.REST{URL: url}}
}

// stopper stops a node once, whether the test or its cleanup asks first.
type stopper struct {
	t    testing.TB
	n    *node.Node
	once sync.Once
}

// startStoppable starts a node on db that the test may stop before it
// ends; the cleanup stops it otherwise.
func startStoppable(t testing.TB, cfg *config.Config, db *store.DB) (*node.Node, *stopper) {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("test configuration is invalid: %v", err)
	}
	n, err := node.Start(context.Background(), cfg, db, quiet)
	if err != nil {
		t.Fatalf("start node: %v", err)
	}
	s := &stopper{t: t, n: n}
	t.Cleanup(s.stop)
	return n, s
}

func (s *stopper) stop() {
	s.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.n.Stop(ctx); err != nil {
			s.t.Errorf("stop node: %v", err)
		}
	})
}

// startNode starts a node on db, stopped when the test ends, with stock
// for every order the tests send.
func startNode(t testing.TB, cfg *config.Config, db *store.DB) *node.Node {
	t.Helper()
	n := nodetest.Start(t, cfg, db, quiet)
	addStock(t, n)
	return n
}

// addStock counts plenty of both SKUs of ordertest.Sample at the rules'
// location.
func addStock(t testing.TB, n *node.Node) {
	t.Helper()
	snap := inventory.Snapshot{Location: warehouseID, Pool: inventory.PoolSellable,
		TakenAt: time.Now().Add(-time.Hour).UTC(), Source: "test",
		Items: []inventory.Item{{SKU: "TEE-BLK-M", OnHand: 100_000},
			{SKU: "CAP-RED", OnHand: 100_000}}}
	err := n.Batcher.Do(context.Background(), func(ctx context.Context, tx *store.Tx) error {
		_, err := inventory.ApplySnapshot(ctx, tx, snap, time.Now().UTC())
		return err
	})
	if err != nil {
		t.Fatalf("add stock: %v", err)
	}
}

// receiveOrders takes in ordertest.Sample(first) to Sample(first+count-1)
// as a channel reports them, many at once so that the group commit batches
// them, and returns their ids in that order.
func receiveOrders(t testing.TB, n *node.Node, first, count int) []string {
	t.Helper()
	ids := make([]string, count)
	errs := make([]error, count)
	gate := make(chan struct{}, 32)
	var wg sync.WaitGroup
	for i := range count {
		wg.Go(func() {
			gate <- struct{}{}
			defer func() { <-gate }()
			res, err := n.Orders.Receive(context.Background(), ingest.Report{
				Order: ordertest.Sample(first + i),
				Meta:  store.Meta{OccurredAt: time.Now().UTC()}})
			ids[i], errs[i] = res.OMSOrderID, err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("receive orders: %v", err)
	}
	return ids
}

// eventually calls cond until it reports true, and fails the test with
// what cond said last if it has not within limit.
func eventually(t testing.TB, limit time.Duration, want string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		ok, state := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not %s within %s: %s", want, limit, state)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// orderStatuses counts the orders in each status.
func orderStatuses(t testing.TB, db *store.DB) map[order.Status]int {
	t.Helper()
	counts, err := store.CountByStatus(context.Background(), db.Read)
	if err != nil {
		t.Fatal(err)
	}
	return counts
}

// waitOrders waits until n orders are in status.
func waitOrders(t testing.TB, db *store.DB, limit time.Duration, status order.Status, n int) {
	t.Helper()
	eventually(t, limit, fmt.Sprintf("%d orders %s", n, status), func() (bool, string) {
		counts := orderStatuses(t, db)
		return counts[status] == n, fmt.Sprintf("orders by status: %v", counts)
	})
}

// jobStates counts the jobs of a kind in each state.
func jobStates(t testing.TB, db *store.DB, kind string) map[string]int {
	t.Helper()
	rows, err := db.Read.Query(`SELECT state, COUNT(*) FROM river_job WHERE kind = $1
		GROUP BY state`, kind)
	if err != nil {
		t.Fatalf("count %s jobs: %v", kind, err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			t.Fatal(err)
		}
		counts[state] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return counts
}

// finished reports whether no job counted in states is still to run, and
// how many there are.
func finished(states map[string]int) (bool, int) {
	total := 0
	for _, n := range states {
		total += n
	}
	done := states["completed"] + states["discarded"] + states["cancelled"]
	return done == total, total
}

// sendArgs reads the arguments a send job has now.
func sendArgs(t testing.TB, db *store.DB, id int64) (jobs.SendArgs, string) {
	t.Helper()
	// River keeps the arguments as SQLite's binary JSON there.
	column := "args"
	if db.Dialect == store.SQLite {
		column = "json(args)"
	}
	var raw []byte
	var state string
	err := db.Read.QueryRow(`SELECT `+column+`, state FROM river_job WHERE id = $1`, id).
		Scan(&raw, &state)
	if err != nil {
		t.Fatalf("read job %d: %v", id, err)
	}
	var args jobs.SendArgs
	if err := json.Unmarshal(raw, &args); err != nil {
		t.Fatalf("decode the arguments of job %d: %v", id, err)
	}
	return args, state
}

// decodeSend reads the arguments of a dead-lettered send.
func decodeSend(t testing.TB, dl jobs.DeadLetter) jobs.SendArgs {
	t.Helper()
	var args jobs.SendArgs
	if err := json.Unmarshal(dl.Args, &args); err != nil {
		t.Fatalf("decode the arguments of dead letter %d: %v", dl.ID, err)
	}
	return args
}

// deadLetters returns every dead-lettered job, page by page.
func deadLetters(t testing.TB, q *jobs.Queue) []jobs.DeadLetter {
	t.Helper()
	var all []jobs.DeadLetter
	cursor := ""
	for {
		page, next, err := q.DeadLetters(context.Background(), cursor, 100)
		if err != nil {
			t.Fatalf("list dead letters: %v", err)
		}
		all = append(all, page...)
		if next == "" {
			return all
		}
		cursor = next
	}
}

// ofKind splits dead letters into those of kind and the others.
func ofKind(dls []jobs.DeadLetter, kind string) (match, other []jobs.DeadLetter) {
	for _, dl := range dls {
		if dl.Kind == kind {
			match = append(match, dl)
		} else {
			other = append(other, dl)
		}
	}
	return match, other
}

// instructions returns every instruction in a state, page by page.
func instructions(t testing.TB, db *store.DB, state fulfilment.State) []fulfilment.Instruction {
	t.Helper()
	var all []fulfilment.Instruction
	f := fulfilment.InstructionFilter{Location: warehouseID, State: state, Limit: 500}
	for {
		page, next, err := fulfilment.Instructions(context.Background(), db.Read, f)
		if err != nil {
			t.Fatalf("list instructions: %v", err)
		}
		all = append(all, page...)
		if next == "" {
			return all
		}
		f.After = next
	}
}

// fulfilmentOrderIDs returns the ids of every fulfilment order, sorted.
func fulfilmentOrderIDs(t testing.TB, db *store.DB) []string {
	t.Helper()
	rows, err := db.Read.Query(`SELECT id FROM fulfilment_orders ORDER BY id`)
	if err != nil {
		t.Fatalf("list fulfilment orders: %v", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// references returns the references of instructions, sorted.
func references(ins []fulfilment.Instruction) []string {
	refs := make([]string, len(ins))
	for i, in := range ins {
		refs[i] = in.Reference
	}
	slices.Sort(refs)
	return refs
}

// eventTypes returns the types of an order's events, oldest first.
func eventTypes(t testing.TB, db *store.DB, id string) []string {
	t.Helper()
	events, err := store.LoadStream(context.Background(), db.Read, store.StreamID(id))
	if err != nil {
		t.Fatalf("load the events of %s: %v", id, err)
	}
	types := make([]string, len(events))
	for i, e := range events {
		types[i] = e.Type
	}
	return types
}

// reserved returns the units of a SKU reserved at the rules' location.
func reserved(t testing.TB, db *store.DB, sku string) int64 {
	t.Helper()
	levels, _, err := inventory.Levels(context.Background(), db.Read,
		inventory.LevelFilter{Location: warehouseID, SKU: sku, Pool: inventory.PoolSellable})
	if err != nil {
		t.Fatal(err)
	}
	if len(levels) != 1 {
		t.Fatalf("%d levels of %s at %s; want 1", len(levels), sku, warehouseID)
	}
	return levels[0].Reserved
}

// lateHandler answers 503 until it is given what serves the requests, so
// that a server's URL can be handed out before the node behind it starts.
type lateHandler struct {
	h atomic.Pointer[http.Handler]
}

func (l *lateHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := l.h.Load(); h != nil {
		(*h).ServeHTTP(w, r)
		return
	}
	http.Error(w, "Ordo is starting", http.StatusServiceUnavailable)
}

// ordoAPI is Ordo's HTTP listener for a node that starts later.
type ordoAPI struct {
	URL  string
	late *lateHandler
}

// listen starts Ordo's HTTP listener, answering 503 until serve is called,
// and closes it when the test ends.
func listen(t testing.TB) *ordoAPI {
	t.Helper()
	late := &lateHandler{}
	hs := httptest.NewServer(late)
	t.Cleanup(hs.Close)
	return &ordoAPI{URL: hs.URL, late: late}
}

// webhook is the URL the rules' location reports its statuses to.
func (a *ordoAPI) webhook() string { return a.URL + "/webhooks/wms/" + warehouseID }

// serve makes the listener serve Ordo's API over n, as cmd/ordo wires it.
func (a *ordoAPI) serve(cfg *config.Config, db *store.DB, n *node.Node) {
	srv := &api.Server{Config: cfg, DB: db, Orders: n.Orders, Allocation: n.Allocation,
		Fulfilment: n.Fulfilment, Queue: n.Queue, Outbox: n.Outbox, Pull: n.Pull,
		Bol: n.Channels.Bol, Log: quiet, Now: time.Now,
		Metrics: telemetry.NewMetrics(func(ctx context.Context) (map[string]int64, error) {
			return store.CountJobs(ctx, db.Read)
		})}
	h := srv.Handler()
	a.late.h.Store(&h)
}
