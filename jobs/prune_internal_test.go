package jobs

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// inboxKeys returns every key of the inbox, sorted.
func inboxKeys(t testing.TB, db *store.DB) []string {
	t.Helper()
	rows, err := db.Read.QueryContext(context.Background(), `SELECT key FROM inbox`)
	if err != nil {
		t.Fatalf("read inbox: %v", err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatalf("read inbox: %v", err)
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read inbox: %v", err)
	}
	slices.Sort(keys)
	return keys
}

// claimAt claims an inbox key as received at the given time.
func claimAt(t testing.TB, db *store.DB, key string, at time.Time) {
	t.Helper()
	if _, err := store.Claim(context.Background(), db.Write, key, "", at); err != nil {
		t.Fatalf("claim %s: %v", key, err)
	}
}

func TestPruneWorker(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db := storetest.Open(t, d)
			now := time.Now()
			claimAt(t, db, "long-ago", now.Add(-30*24*time.Hour))
			claimAt(t, db, "just-past", now.Add(-61*time.Minute))
			claimAt(t, db, "within", now.Add(-59*time.Minute))
			claimAt(t, db, "fresh", now)

			var buf bytes.Buffer
			w := &pruneWorker{db: db, retention: time.Hour,
				log: slog.New(slog.NewJSONHandler(&buf, nil))}
			job := &river.Job[PruneInboxArgs]{JobRow: &rivertype.JobRow{ID: 7,
				Kind: PruneInboxArgs{}.Kind(), Attempt: 1, MaxAttempts: 10}}

			t.Run("keys received before the retention are forgotten", func(t *testing.T) {
				if err := w.Work(context.Background(), job); err != nil {
					t.Fatalf("Work: %v", err)
				}
				if diff := cmp.Diff([]string{"fresh", "within"}, inboxKeys(t, db)); diff != "" {
					t.Errorf("inbox keys after pruning (-want +got):\n%s", diff)
				}
				recs := decodeRecords(t, &buf)
				if len(recs) != 1 || recs[0]["msg"] != "inbox pruned" ||
					recs[0]["keys_removed"] != float64(2) {
					t.Errorf("log records %v, want one \"inbox pruned\" with keys_removed 2",
						recs)
				}
			})

			t.Run("running again removes nothing more", func(t *testing.T) {
				if err := w.Work(context.Background(), job); err != nil {
					t.Fatalf("Work: %v", err)
				}
				if diff := cmp.Diff([]string{"fresh", "within"}, inboxKeys(t, db)); diff != "" {
					t.Errorf("inbox keys after pruning again (-want +got):\n%s", diff)
				}
			})

			t.Run("a database that does not answer is an error", func(t *testing.T) {
				db.Close()
				if err := w.Work(context.Background(), job); err == nil {
					t.Error("Work on a closed database succeeded, want an error")
				}
			})
		})
	}
}
