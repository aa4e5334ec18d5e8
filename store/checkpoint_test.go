package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// TestLogStaysBounded writes without pause and expects SQLite's log to be
// started afresh whenever it outgrows its bound, rather than grow with
// every write.
func TestLogStaysBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ordo.db")
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite://"+path, store.Options{
		CheckpointEvery: 10 * time.Millisecond, RewindPages: 64})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	b := store.NewBatcher(db, store.BatchOptions{MaxBatch: 8})
	defer b.Close()

	body := make([]byte, 16<<10)
	deadline := time.Now().Add(2 * time.Second)
	for written := 0; written < 8<<20 || time.Now().Before(deadline); written += len(body) {
		err := b.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			_, err := store.Quarantine(ctx, tx, store.Quarantined{Source: "t", Reason: "r",
				Body: body, ReceivedAt: time.Now()})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	// Several writes' worth above the bound: the log rewinds only between
	// transactions, after a background checkpoint has seen it large.
	if limit := int64(4 << 20); fi.Size() > limit {
		t.Errorf("the log is %d bytes after writing more than 8 MiB; want at most %d",
			fi.Size(), limit)
	}
}
