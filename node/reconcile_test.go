package node_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop/sftptest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// TestPollAfterAnOutageLosesNothing stops Ordo after its first poll of a
// channel, places orders at the channel while Ordo is down, and starts
// Ordo again: its poll finds every order, each once. A notification that
// then arrives for one of them adds nothing.
func TestPollAfterAnOutageLosesNothing(t *testing.T) {
	for name, newParty := range parties {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := newParty(t)
			api := listen(t)
			ch := p.channel(api)
			every := config.Duration(100 * time.Millisecond)
			ch.Poll = &every
			cfg := channelConfig(t, ch)
			db := storetest.Open(t, store.SQLite)

			n, s := startStoppable(t, cfg, db)
			addStock(t, n)
			eventually(t, 10*time.Second, "a first poll", func() (bool, string) {
				return countRows(t, db, "channel_marks") == 1, "no mark recorded"
			})
			s.stop()

			ids := []string{"DOWN-" + name + "-1", "DOWN-" + name + "-2", "DOWN-" + name + "-3"}
			for _, id := range ids {
				p.place(t, id)
			}
			n, _ = startStoppable(t, cfg, db)
			api.serve(cfg, db, n)
			eventually(t, 20*time.Second, "every order placed in the outage", func() (bool, string) {
				got := countRows(t, db, "orders")
				return got == len(ids), fmt.Sprintf("%d orders", got)
			})
			p.notify(t, api, ids[0])
			// Shopify's webhook carries the order; the others' notifications
			// are read by a job.
			eventually(t, 10*time.Second, "the notification taken", func() (bool, string) {
				states := jobStates(t, db, "fetch_order")
				done, total := finished(states)
				return done && (total == 1 || p.kind == "shopify"), fmt.Sprint(states)
			})
			if got := countRows(t, db, "orders"); got != len(ids) {
				t.Errorf("%d orders; want %d, each once", got, len(ids))
			}
			if got := countEvents(t, db, order.EventReceived); got != len(ids) {
				t.Errorf("%d order.received events; want %d", got, len(ids))
			}
		})
	}
}

// TestWebhookPollAndFileAreOneOrder delivers one Shopify order at once by
// its webhook, by the reconciliation poll and in an order file over SFTP.
func TestWebhookPollAndFileAreOneOrder(t *testing.T) {
	p := parties["shopify"](t)
	api := listen(t)
	ch := p.channel(api)
	every := config.Duration(50 * time.Millisecond)
	ch.Poll = &every
	cfg := channelConfig(t, ch)
	srv := sftptest.Start(t)
	cfg.Feeds = []config.Feed{{ID: "shop-files", Kind: "orders", Channel: ch.ID,
		SFTP: config.SFTP{Addr: srv.Addr, User: srv.User, PrivateKey: config.Secret(srv.PrivateKey),
			HostKey: srv.HostKey, Dir: srv.Dir},
		Every: every, Settle: config.Duration(time.Nanosecond)}}
	cfg = cfg.WithDefaults()
	db := storetest.Open(t, store.SQLite)

	p.place(t, "THREE-WAYS")
	file := "order_id,line_id,sku,quantity,unit_price,currency,placed_at\n" +
		"5001,5001001," + sku + ",1,19.95,EUR," + time.Now().UTC().Format(time.RFC3339) + "\n"
	if err := os.WriteFile(filepath.Join(srv.Dir, "orders.csv"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	n := startNode(t, cfg, db)
	api.serve(cfg, db, n)
	p.notify(t, api, "THREE-WAYS")

	eventually(t, 20*time.Second, "the file taken and the channel polled", func() (bool, string) {
		var marks, files int
		_ = db.Read.QueryRow(`SELECT COUNT(*) FROM channel_marks WHERE seen > 0`).Scan(&marks)
		entries, _ := os.ReadDir(filepath.Join(srv.Dir, "done"))
		files = len(entries)
		return marks > 0 && files == 1, fmt.Sprintf("%d polls that saw orders, %d files done",
			marks, files)
	})
	if got := countRows(t, db, "orders"); got != 1 {
		t.Errorf("%d orders; want 1", got)
	}
	if got := countEvents(t, db, order.EventReceived); got != 1 {
		t.Errorf("%d order.received events; want 1", got)
	}
}

func countRows(t testing.TB, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.Read.QueryRowContext(context.Background(),
		"SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func countEvents(t testing.TB, db *store.DB, eventType string) int {
	t.Helper()
	var n int
	if err := db.Read.QueryRowContext(context.Background(),
		`SELECT COUNT(*) FROM events WHERE type = $1`, eventType).Scan(&n); err != nil {
		t.Fatalf("count %s events: %v", eventType, err)
	}
	return n
}
