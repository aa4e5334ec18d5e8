package store

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// checkpointer copies SQLite's write-ahead log into the database file in
// the background. SQLite would otherwise do it inside whichever commit
// crosses the log's threshold, stalling the group commit and every request
// waiting on it. A passive checkpoint runs beside the writer and readers.
type checkpointer struct {
	db     *sql.DB
	stop   chan struct{}
	done   sync.WaitGroup
	closed sync.Once
	err    error
}

// checkpointEvery is how often the log is checkpointed. At Ordo's write
// rates a second of log is a few megabytes.
const checkpointEvery = time.Second

func startCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, stop: make(chan struct{})}
	c.done.Add(1)
	go c.run()
	return c
}

func (c *checkpointer) run() {
	defer c.done.Done()
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		var busy, logPages, copied int
		err := c.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy,
			&logPages, &copied)
		cancel()
		if err != nil {
			slog.Warn("sqlite checkpoint failed; the log grows until one succeeds", "error", err)
		}
	}
}

// close stops the checkpointer and checkpoints what is left, truncating
// the log. Closing again does nothing.
func (c *checkpointer) close() error {
	c.closed.Do(func() {
		close(c.stop)
		c.done.Wait()
		_, err := c.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		c.err = errors.Join(err, c.db.Close())
	})
	return c.err
}
