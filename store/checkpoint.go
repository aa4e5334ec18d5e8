package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
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
	// every is how often the log is checkpointed; restartPages the log
	// size, in pages, past which the writer rewinds it.
	every        time.Duration
	restartPages int
	// large is set when the log has grown past restartPages: a passive
	// checkpoint copies the log but cannot rewind it while writes go on,
	// so the writer must, between two of its transactions.
	large atomic.Bool
}

// restartPages is the log size, in pages, past which the writer rewinds it:
// 64 MiB of 4 KiB pages.
const restartPages = 16384

// checkpointEvery is how often the log is checkpointed. At Ordo's write
// rates a second of log is a few megabytes.
const checkpointEvery = time.Second

func startCheckpointer(db *sql.DB, every time.Duration, pages int) *checkpointer {
	if every <= 0 {
		every = checkpointEvery
	}
	if pages <= 0 {
		pages = restartPages
	}
	c := &checkpointer{db: db, stop: make(chan struct{}), every: every, restartPages: pages}
	c.done.Add(1)
	go c.run()
	return c
}

func (c *checkpointer) run() {
	defer c.done.Done()
	t := time.NewTicker(c.every)
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
			continue
		}
		c.large.Store(logPages > c.restartPages)
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

// rewind restarts the log from its beginning if it has grown large. It runs
// on the writer's connection between transactions; the background
// checkpoints have copied most of the log already, so it is short.
func (c *checkpointer) rewind(ctx context.Context, conn *sql.Conn) error {
	if !c.large.Load() {
		return nil
	}
	var busy, logPages, copied int
	err := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(RESTART)`).Scan(&busy, &logPages,
		&copied)
	if err != nil {
		return fmt.Errorf("store: rewind the log: %w", err)
	}
	c.large.Store(busy != 0)
	return nil
}
