package node_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/filedrop/sftptest"
	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/node/nodetest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
	"github.com/ordo-oms/ordo/warehouse/pickfile"
	"github.com/ordo-oms/ordo/warehouse/resttest"
)

// flakyOrders is how many orders go through the flaky warehouse.
const flakyOrders = 1000

// TestFulfilmentThroughAFlakyWarehouse sends 1,000 orders to a warehouse
// that fails 30% of requests and answers 10% of the rest too late, after
// it took them: 37% of attempts fail, so with three attempts about 5% of
// the sends are dead-lettered, and replayed until they go through.
func TestFulfilmentThroughAFlakyWarehouse(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel() // PostgreSQL works in its own processes meanwhile.
			began := time.Now()
			ordo := listen(t)
			wms := resttest.Start(t, resttest.Options{Secret: []byte(warehouseSecret),
				FailureRate: 0.3, TimeoutRate: 0.1, Delay: time.Second, Seed: 42,
				Callback: ordo.webhook()})
			cfg := fulfilConfig(t, flakyLocation(wms.URL()))
			// SQLite has one writer, and under the race detector each of its
			// statements is slow: the more units the group commit finds
			// waiting, the fewer commits 1,000 orders take.
			cfg.Jobs.Workers = 128
			cfg.Database.CommitWait = config.Duration(5 * time.Millisecond)
			db := storetest.Open(t, d)
			n := startNode(t, cfg, db)
			t.Cleanup(wms.Close) // Runs before the node stops: no report is left under way.
			ordo.serve(cfg, db, n)

			receiveOrders(t, n, 0, flakyOrders)
			received := time.Now()
			waitSendsSettled(t, db, flakyOrders)
			settled := time.Now()

			dead, other := ofKind(deadLetters(t, n.Queue), sendKind)
			for _, dl := range other {
				t.Errorf("a %s job was dead-lettered: %+v", dl.Kind, dl.Errors)
			}
			if len(dead) == 0 {
				t.Fatal("no send was dead-lettered; with 37% of attempts failing and " +
					"three attempts, about 50 should be")
			}
			first := map[int64][]string{}
			for _, dl := range dead {
				first[dl.ID] = decodeSend(t, dl).References
			}
			rounds := replayUntilNoneDie(t, n.Queue, db)
			waitOrders(t, db, time.Minute, order.StatusShipped, flakyOrders)

			checkPickedOnce(t, db, wms, flakyOrders)
			for id, refs := range first {
				args, state := sendArgs(t, db, id)
				if !slices.Equal(args.References, refs) || state != "completed" {
					t.Errorf("dead letter %d is %s with references %v; want completed with %v",
						id, state, args.References, refs)
				}
			}
			answered := instructions(t, db, fulfilment.StateAnswered)
			if len(answered) != flakyOrders {
				t.Errorf("%d instructions answered; want %d", len(answered), flakyOrders)
			}
			since := func(at time.Time) time.Duration {
				return at.Sub(began).Round(time.Millisecond)
			}
			t.Logf("%d requests to the warehouse; %d sends dead-lettered, all sent after "+
				"%d rounds of replay; orders received after %s, sends settled after %s, "+
				"all shipped after %s", wms.Requests(), len(dead), rounds, since(received),
				since(settled), since(time.Now()))
		})
	}
}

// flakyLocation is an active rest location at url that gives up on a call
// after 200ms and on a send after three attempts, retrying within 100ms.
func flakyLocation(url string) config.Location {
	loc := restLocation(url, "active")
	loc.REST.Timeout = config.Duration(200 * time.Millisecond)
	loc.MaxAttempts = 3
	loc.Backoff = config.Duration(10 * time.Millisecond)
	loc.MaxBackoff = config.Duration(100 * time.Millisecond)
	loc.Breaker = config.Breaker{Failures: 5, Cooldown: config.Duration(50 * time.Millisecond)}
	return loc
}

// waitSendsSettled waits until n release instructions are recorded and
// every send job has either succeeded or been dead-lettered.
func waitSendsSettled(t testing.TB, db *store.DB, n int) {
	t.Helper()
	eventually(t, 2*time.Minute, "every send done or dead-lettered", func() (bool, string) {
		var recorded int
		if err := db.Read.QueryRow(`SELECT COUNT(*) FROM instructions`).
			Scan(&recorded); err != nil {
			t.Fatal(err)
		}
		states := jobStates(t, db, sendKind)
		done, total := finished(states)
		return recorded == n && total == n && done, fmt.Sprintf("%d instructions "+
			"recorded; send jobs by state: %v; orders by status: %v", recorded, states,
			orderStatuses(t, db))
	})
}

// replayUntilNoneDie replays every dead-lettered send, and again those that
// die again, until none is left, and returns how many rounds it took. A
// replay keeps the job's arguments, and so its references.
func replayUntilNoneDie(t testing.TB, q *jobs.Queue, db *store.DB) int {
	t.Helper()
	const most = 30
	for round := range most {
		dead, _ := ofKind(deadLetters(t, q), sendKind)
		if len(dead) == 0 {
			return round
		}
		for _, dl := range dead {
			replayed, err := q.Replay(context.Background(), dl.ID)
			if err != nil {
				t.Fatalf("replay %d: %v", dl.ID, err)
			}
			if got, want := decodeSend(t, *replayed).References,
				decodeSend(t, dl).References; !slices.Equal(got, want) {
				t.Errorf("replay of %d carries %v; want %v", dl.ID, got, want)
			}
		}
		eventually(t, 30*time.Second, "every replayed send done or dead-lettered",
			func() (bool, string) {
				states := jobStates(t, db, sendKind)
				done, _ := finished(states)
				return done, fmt.Sprintf("send jobs by state: %v", states)
			})
	}
	t.Fatalf("sends were still dead-lettered after %d rounds of replay", most)
	return most
}

// checkPickedOnce checks that the warehouse created exactly one pick for
// each of the n fulfilment orders, and none for anything else.
func checkPickedOnce(t testing.TB, db *store.DB, wms *resttest.Server, n int) {
	t.Helper()
	fos := fulfilmentOrderIDs(t, db)
	if len(fos) != n {
		t.Errorf("%d fulfilment orders; want one for each of the %d orders", len(fos), n)
	}
	picks := wms.Picks()
	if len(picks) != len(fos) {
		t.Errorf("the warehouse has picks for %d references; want %d", len(picks), len(fos))
	}
	for _, id := range fos {
		if picks[id] != 1 {
			t.Errorf("fulfilment order %s was picked %d times; want once", id, picks[id])
		}
	}
}

// TestShadowThenActiveSendsWhatShadowRecorded records instructions for a
// location in shadow mode, then restarts Ordo with it active: the
// warehouse receives those instructions, byte for byte as recorded.
func TestShadowThenActiveSendsWhatShadowRecorded(t *testing.T) {
	const orders = 20
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			wms := resttest.Start(t, resttest.Options{Secret: []byte(warehouseSecret)})
			db := storetest.Open(t, d)
			shadow := fulfilConfig(t, restLocation(wms.URL(), "shadow"))
			n, shadowNode := startStoppable(t, shadow, db)
			addStock(t, n)
			receiveOrders(t, n, 0, orders)
			eventually(t, 30*time.Second, "every instruction recorded in shadow",
				func() (bool, string) {
					got := len(instructions(t, db, fulfilment.StateShadow))
					return got == orders, fmt.Sprintf("%d in shadow; orders by status: %v",
						got, orderStatuses(t, db))
				})
			shadowNode.stop()
			recorded := instructions(t, db, fulfilment.StateShadow)
			if got := wms.Requests(); got != 0 {
				t.Fatalf("the warehouse received %d requests in shadow mode; want none", got)
			}

			nodetest.Start(t, fulfilConfig(t, restLocation(wms.URL(), "active")), db, quiet)
			eventually(t, 30*time.Second, "every shadow instruction answered",
				func() (bool, string) {
					got := len(instructions(t, db, fulfilment.StateAnswered))
					return got == orders, fmt.Sprintf("%d answered", got)
				})

			bodies := wms.Bodies()
			sent := make([]string, 0, len(bodies))
			for ref := range bodies {
				sent = append(sent, ref)
			}
			slices.Sort(sent)
			if want := references(recorded); !slices.Equal(sent, want) {
				t.Fatalf("the warehouse received %v; want the shadow instructions %v", sent, want)
			}
			for _, in := range recorded {
				if got := bodies[in.Reference]; string(got) != string(in.Body) {
					t.Errorf("instruction %s was sent as\n%s\nbut recorded in shadow as\n%s",
						in.Reference, got, in.Body)
				}
			}
			if got := wms.Requests(); got != orders {
				t.Errorf("the warehouse received %d requests; want one per instruction, %d",
					got, orders)
			}
		})
	}
}

// TestThirdPartyOverSFTP ships orders through a 3PL that exchanges pick
// and status files with Ordo on a real SFTP server.
func TestThirdPartyOverSFTP(t *testing.T) {
	const orders = 12
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			srv := sftptest.Start(t)
			cfg := fulfilConfig(t, sftpLocation(srv))
			files := cfg.Locations[0].Files
			picks := filepath.Join(srv.Dir, files.Picks)
			statuses := filepath.Join(srv.Dir, files.Statuses)
			if err := os.Mkdir(statuses, 0o755); err != nil {
				t.Fatal(err)
			}
			db := storetest.Open(t, d)
			n := startNode(t, cfg, db)
			stop := runThirdParty(t, &pickfile.ThirdParty{Picks: filedrop.LocalDir(picks),
				Statuses: filedrop.LocalDir(statuses), Delimiter: files.Delimiter,
				PickColumns: files.PickColumns, StatusColumns: files.StatusColumns})

			receiveOrders(t, n, 0, orders)
			waitOrders(t, db, 30*time.Second, order.StatusShipped, orders)
			eventually(t, 10*time.Second, "every status file in statuses/done",
				func() (bool, string) {
					waiting := csvFiles(t, statuses)
					return len(waiting) == 0, "still in statuses/: " + strings.Join(waiting, ", ")
				})
			stop()

			if left := csvFiles(t, picks); len(left) > 0 {
				t.Errorf("pick files the 3PL did not take: %v", left)
			}
			picked := readAll(t, filepath.Join(picks, "done"))
			for _, id := range fulfilmentOrderIDs(t, db) {
				if !strings.Contains(picked, id) {
					t.Errorf("no pick file in picks/done names fulfilment order %s", id)
				}
			}
			if bad := csvFiles(t, filepath.Join(statuses, "error")); len(bad) > 0 {
				t.Errorf("status files refused: %v", bad)
			}
			if done := csvFiles(t, filepath.Join(statuses, "done")); len(done) != orders {
				t.Errorf("%d status files in statuses/done; want one per fulfilment order, %d",
					len(done), orders)
			}
		})
	}
}

// sftpLocation is an active location that exchanges files with the
// 3PL's SFTP server srv, looking at its status files every 100ms.
func sftpLocation(srv *sftptest.Server) config.Location {
	return config.Location{ID: warehouseID, Connector: "sftp", Mode: "active",
		SFTP: config.SFTP{Addr: srv.Addr, User: srv.User,
			PrivateKey: config.Secret(srv.PrivateKey), HostKey: srv.HostKey, Dir: srv.Dir},
		Files: config.Files{Every: config.Duration(100 * time.Millisecond),
			Settle: config.Duration(50 * time.Millisecond)},
		Statuses: pickfile.ThirdPartyStatuses()}
}

// runThirdParty lets the 3PL work its files every 50ms until the returned
// function is called, which fails the test if any pass failed.
func runThirdParty(t testing.TB, tpl *pickfile.ThirdParty) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var errs []error
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			if _, err := tpl.Work(ctx); err != nil && ctx.Err() == nil {
				errs = append(errs, err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			wg.Wait()
			for _, err := range errs {
				t.Errorf("the 3PL failed a pass: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// readAll returns the .csv files in dir one after the other.
func readAll(t testing.TB, dir string) string {
	t.Helper()
	var all strings.Builder
	for _, name := range csvFiles(t, dir) {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		all.Write(data)
	}
	return all.String()
}

// csvFiles lists the .csv files in dir, which may not exist.
func csvFiles(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && filepath.Ext(e.Name()) == ".csv" {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestChannelCancelAfterRelease cancels, from the channel, an order its
// warehouse already has: Ordo asks the warehouse to stop it, and cancels it
// once the warehouse has.
func TestChannelCancelAfterRelease(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			// Without a callback the warehouse never ships, so it answers
			// the cancel with cancelled.
			wms := resttest.Start(t, resttest.Options{Secret: []byte(warehouseSecret)})
			db := storetest.Open(t, d)
			n := startNode(t, fulfilConfig(t, restLocation(wms.URL(), "active")), db)

			id := receiveOrders(t, n, 0, 1)[0]
			eventually(t, 30*time.Second, "the order released and its release accepted",
				func() (bool, string) {
					answered := instructions(t, db, fulfilment.StateAnswered)
					counts := orderStatuses(t, db)
					return counts[order.StatusReleased] == 1 && len(answered) == 1,
						fmt.Sprintf("orders by status: %v", counts)
				})
			if got := reserved(t, db, "TEE-BLK-M"); got != 2 {
				t.Fatalf("%d TEE-BLK-M reserved for the released order; want 2", got)
			}

			o := ordertest.Sample(0)
			o.UpdatedAt = o.UpdatedAt.Add(time.Hour)
			res, err := n.Orders.Receive(context.Background(), ingest.Report{Order: o,
				Cancelled: &channel.Cancellation{At: o.UpdatedAt, Reason: "customer"},
				Meta:      store.Meta{OccurredAt: time.Now().UTC()}})
			if err != nil {
				t.Fatal(err)
			}
			if res.OMSOrderID != id {
				t.Fatalf("the cancellation went to order %s; want %s", res.OMSOrderID, id)
			}
			waitOrders(t, db, 30*time.Second, order.StatusCancelled, 1)

			for _, sku := range []string{"TEE-BLK-M", "CAP-RED"} {
				if got := reserved(t, db, sku); got != 0 {
					t.Errorf("%d %s still reserved after the cancellation; want 0", got, sku)
				}
			}
			types := eventTypes(t, db, id)
			asked := slices.Index(types, order.EventCancelRequested)
			done := slices.Index(types, order.EventCancelled)
			if asked < 0 || done < asked {
				t.Errorf("events %v; want %s before %s", types, order.EventCancelRequested,
					order.EventCancelled)
			}
			fos := fulfilmentOrderIDs(t, db)
			if len(fos) != 1 || !wms.Cancelled()[fos[0]] {
				t.Errorf("the warehouse stopped %v; want the pick of fulfilment order %v",
					wms.Cancelled(), fos)
			}
		})
	}
}
