package feeds_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/feeds"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/filedrop/sftptest"
	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// enqueuer records the routings asked for; the job queue has its own
// tests.
type enqueuer struct {
	mu  sync.Mutex
	ids []string
}

func (e *enqueuer) EnqueueRouting(ctx context.Context, tx *store.Tx, id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ids = append(e.ids, id)
	return nil
}

// EnqueueRelease does nothing: releases are fulfilment's, tested there.
func (e *enqueuer) EnqueueRelease(context.Context, *store.Tx, string, time.Time) error {
	return nil
}

type env struct {
	db     *store.DB
	svc    *feeds.Service
	server *sftptest.Server
	jobs   *enqueuer
}

// newEnv starts a real sshd and a feed of stock files on it, read with the
// columns of the example configuration.
func newEnv(t *testing.T, d store.Dialect, change func(*config.Feed)) *env {
	t.Helper()
	db := storetest.Open(t, d)
	b := store.NewBatcher(db, store.BatchOptions{})
	t.Cleanup(b.Close)
	srv := sftptest.Start(t)
	key := config.Secret(srv.PrivateKey)
	f := config.Feed{ID: "erp-stock", Kind: "inventory",
		SFTP: config.SFTP{Addr: srv.Addr, User: srv.User, PrivateKey: key,
			HostKey: srv.HostKey, Dir: srv.Dir},
		Settle: config.Duration(time.Nanosecond), Delimiter: ";",
		Columns: config.InventoryColumns{SKU: "Article", OnHand: "Free stock",
			Location: "Warehouse", TakenAt: "Counted at"}}
	if change != nil {
		change(&f)
	}
	cfg := (&config.Config{Feeds: []config.Feed{f}}).WithDefaults()
	e := &env{db: db, server: srv, jobs: &enqueuer{}}
	alloc := &allocation.Service{Batcher: b, Jobs: e.jobs, Read: db.Read, Now: time.Now}
	e.svc = &feeds.Service{Feeds: cfg.Feeds, Batcher: b, Allocation: alloc, Now: time.Now,
		Log: slog.New(slog.DiscardHandler)}
	return e
}

// drop writes a file into the feed's directory, as last written age ago.
func (e *env) drop(t *testing.T, name string, age time.Duration, content string) {
	t.Helper()
	p := filepath.Join(e.server.Dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-age)
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
}

// poll makes passes until one takes or refuses a file, at most three, and
// returns the report of that pass.
func (e *env) poll(t *testing.T) filedrop.Report {
	t.Helper()
	for range 3 {
		rep, err := e.svc.Poll(context.Background(), e.svc.Feeds[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Done)+len(rep.Rejected)+len(rep.Duplicate) > 0 {
			return rep
		}
	}
	t.Fatal("no pass took the file")
	return filedrop.Report{}
}

func (e *env) onHand(t *testing.T, location, sku string) int64 {
	t.Helper()
	a, _, err := inventory.Levels(context.Background(), e.db.Read,
		inventory.LevelFilter{Location: location, SKU: sku})
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 1 {
		t.Fatalf("%d levels of %s at %s; want 1", len(a), sku, location)
	}
	return a[0].OnHand
}

const stockFile = "Article;Warehouse;Free stock;Counted at\n" +
	"TEE-BLK-M;dc-utrecht;12;2026-12-03T06:00:00+01:00\n" +
	"CAP-RED;dc-antwerp;3;2026-12-03T06:00:00+01:00\n"

func TestStockFileOverSFTP(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			e := newEnv(t, d, nil)
			e.drop(t, "stock-1.csv", time.Minute, stockFile)
			e.poll(t)
			if n := e.onHand(t, "dc-utrecht", "TEE-BLK-M"); n != 12 {
				t.Errorf("TEE-BLK-M at dc-utrecht: %d on hand; want 12", n)
			}
			if n := e.onHand(t, "dc-antwerp", "CAP-RED"); n != 3 {
				t.Errorf("CAP-RED at dc-antwerp: %d on hand; want 3", n)
			}
			if _, err := os.Stat(filepath.Join(e.server.Dir, "done", "stock-1.csv")); err != nil {
				t.Errorf("the file is not in done/: %v", err)
			}
		})
	}
}

func TestStockFileRoutesWaitingOrders(t *testing.T) {
	e := newEnv(t, storetest.Dialects[0], nil)
	err := e.svc.Batcher.Do(context.Background(), func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO backorders (oms_order_id, sku, quantity,
			since) VALUES ('o-1', 'CAP-RED', 1, 1)`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	e.drop(t, "stock-1.csv", time.Minute, stockFile)
	e.poll(t)
	if !slices.Equal(e.jobs.ids, []string{"o-1"}) {
		t.Errorf("routings scheduled %v; want [o-1], which waits for CAP-RED", e.jobs.ids)
	}
}

func TestBadStockFileIsRefusedWhole(t *testing.T) {
	e := newEnv(t, storetest.Dialects[0], nil)
	e.drop(t, "stock-2.csv", time.Minute, "Article;Warehouse;Free stock;Counted at\n"+
		"TEE-BLK-M;dc-utrecht;12;2026-12-03T06:00:00+01:00\n"+
		"CAP-RED;DC Antwerp;-3;yesterday\n")
	e.poll(t)
	reasons, err := os.ReadFile(filepath.Join(e.server.Dir, "error", "stock-2.csv.errors.txt"))
	if err != nil {
		t.Fatalf("no reasons beside the refused file: %v", err)
	}
	for _, want := range []string{`line 3: column "Warehouse": "DC Antwerp" is not a location id`,
		`line 3: column "Free stock": is -3; stock on hand cannot be negative`,
		`line 3: column "Counted at": "yesterday" is not a time`} {
		if !strings.Contains(string(reasons), want) {
			t.Errorf("reasons do not say %q:\n%s", want, reasons)
		}
	}
	levels, _, err := inventory.Levels(context.Background(), e.db.Read, inventory.LevelFilter{})
	if err != nil || len(levels) != 0 {
		t.Errorf("levels after a refused file: %v, %v; want none", levels, err)
	}
}

func TestStockFileWithOneLocation(t *testing.T) {
	e := newEnv(t, storetest.Dialects[0], func(f *config.Feed) {
		f.Location, f.Columns.Location, f.Columns.TakenAt, f.Full = "dc-gent", "", "", true
		f.Delimiter = ","
	})
	e.drop(t, "stock-1.csv", 2*time.Minute, "Article,Free stock\nTEE-BLK-M,7\nCAP-RED,2\n")
	e.poll(t)
	e.drop(t, "stock-2.csv", time.Minute, "Article,Free stock\nTEE-BLK-M,5\n")
	e.poll(t)
	if a, b := e.onHand(t, "dc-gent", "TEE-BLK-M"), e.onHand(t, "dc-gent", "CAP-RED"); a != 5 ||
		b != 0 {
		t.Errorf("after a full count without CAP-RED: TEE-BLK-M %d, CAP-RED %d; want 5 and 0",
			a, b)
	}
}
