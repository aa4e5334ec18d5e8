package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// TxFunc is one unit of work inside a shared transaction. It must do all its
// writing through tx, keep no state between calls (it may run again after a
// conflict) and return an error to have its own writes undone.
type TxFunc func(ctx context.Context, tx *Tx) error

// FlushFunc receives, just before a batch commits, everything its
// successful units handed to Tx.Later, in unit order.
type FlushFunc func(ctx context.Context, tx *Tx, items []any) error

// ErrClosed is returned by Batcher.Do after Close.
var ErrClosed = errors.New("store: batcher closed")

// Batcher commits units of work from many goroutines together: group
// commit. A commit costs one disk flush however much it holds, so sharing
// it lets ingest run near the rate at which the database appends rows while
// each caller still returns only once its own work is durable. One unit's
// failure undoes only its own writes.
type Batcher struct {
	db       *DB
	maxBatch int
	wait     time.Duration
	flush    FlushFunc
	stmts    *stmtCache
	units    chan *unit
	quit     chan struct{}
	wg       sync.WaitGroup
	once     sync.Once
}

type unit struct {
	ctx  context.Context
	fn   TxFunc
	done chan error
}

// BatchOptions tune a Batcher. The zero value commits every unit alone.
type BatchOptions struct {
	// MaxBatch is the most units one transaction holds.
	MaxBatch int
	// Wait is how long a batch may wait for more units once it has one.
	// Zero never waits: a batch holds the units that arrived while the
	// previous one committed, which under load is plenty.
	Wait time.Duration
	// Flush, when set, receives what the units of a batch handed to
	// Tx.Later, just before the batch commits.
	Flush FlushFunc
}

// NewBatcher starts a goroutine that commits units in batches.
// One batcher per process is the right number on both databases: SQLite
// has one writer, and on PostgreSQL two batches of one process would take
// row locks in different orders and deadlock. Batches of different
// processes still may; their units are run again.
func NewBatcher(db *DB, opts BatchOptions) *Batcher {
	b := &Batcher{
		db:       db,
		maxBatch: max(opts.MaxBatch, 1),
		wait:     opts.Wait,
		flush:    opts.Flush,
		stmts:    newStmtCache(db.Write),
		units:    make(chan *unit),
		quit:     make(chan struct{}),
	}
	b.wg.Add(1)
	go b.run()
	return b
}

// Do runs fn in a shared transaction and returns once that transaction has
// committed or fn has failed. Work that lost a race with another writer
// (ErrConflict) is run again, up to a few times.
func (b *Batcher) Do(ctx context.Context, fn TxFunc) error {
	var err error
	for range 5 {
		err = b.do(ctx, fn)
		if !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return err
}

func (b *Batcher) do(ctx context.Context, fn TxFunc) error {
	u := &unit{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case b.units <- u:
	case <-ctx.Done():
		return ctx.Err()
	case <-b.quit:
		return ErrClosed
	}
	// Once handed over, the unit may commit; wait for the outcome so that
	// the caller never reports less than what happened.
	return <-u.done
}

// Close stops the batcher after the batch in flight has committed, and
// releases its prepared statements.
func (b *Batcher) Close() {
	b.once.Do(func() { close(b.quit) })
	b.wg.Wait()
	b.stmts.close()
}

func (b *Batcher) run() {
	defer b.wg.Done()
	batch := make([]*unit, 0, b.maxBatch)
	for {
		select {
		case u := <-b.units:
			batch = append(batch[:0], u)
		case <-b.quit:
			return
		}
		batch = b.fill(batch)
		b.commit(batch)
		// Statements first met in this batch are prepared now, while no
		// transaction holds the connection.
		b.stmts.prepareMissed(context.Background())
	}
}

// fill adds the units that are already waiting, and those that arrive
// within the batcher's wait: under light load and no wait, a unit commits
// alone and at once.
func (b *Batcher) fill(batch []*unit) []*unit {
	var deadline <-chan time.Time
	if b.wait > 0 {
		t := time.NewTimer(b.wait)
		defer t.Stop()
		deadline = t.C
	}
	for len(batch) < b.maxBatch {
		select {
		case u := <-b.units:
			batch = append(batch, u)
			continue
		default:
		}
		if deadline == nil {
			return batch
		}
		select {
		case u := <-b.units:
			batch = append(batch, u)
		case <-deadline:
			return batch
		}
	}
	return batch
}

func (b *Batcher) commit(batch []*unit) {
	errs := make([]error, len(batch))
	err := b.commitTx(batch, errs)
	for i, u := range batch {
		if err != nil && errs[i] == nil {
			errs[i] = err
		}
		u.done <- errs[i]
	}
}

// commitTx commits a batch. It first runs the units one after another with
// nothing between them. Should one of several fail, it rolls back and runs
// the batch again with each unit in a savepoint, so that the failure undoes
// only that unit's writes. Units seldom fail, and savepoints cost a third
// of a unit's time.
func (b *Batcher) commitTx(batch []*unit, errs []error) error {
	again, err := b.runTx(batch, errs, false)
	if !again {
		return err
	}
	clear(errs)
	_, err = b.runTx(batch, errs, true)
	return err
}

// runTx runs a batch in one transaction and commits it, recording each
// unit's failure in errs. It returns an error that fails every unit, and
// whether the batch must run again with savepoints.
func (b *Batcher) runTx(batch []*unit, errs []error, savepoints bool) (again bool, err error) {
	// The transaction is not bound to any caller's context: one caller
	// going away must not undo the work of the others.
	ctx := context.Background()
	conn, err := b.db.Write.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("store: begin batch: %w", err)
	}
	defer conn.Close()
	if err := b.db.durable(ctx, conn, true); err != nil {
		return false, err
	}
	defer b.db.durable(ctx, conn, false)
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: begin batch: %w", err)
	}
	defer sqlTx.Rollback()
	tx := &Tx{Tx: sqlTx, stmts: b.stmts}

	var deferred []any
	for i, u := range batch {
		if err := u.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if errs[i], err = tx.runUnit(u, savepoints); err != nil {
			return false, err
		}
		switch {
		case errs[i] == nil:
			deferred = append(deferred, tx.later...)
		case !savepoints && len(batch) > 1:
			return true, nil
		case !savepoints:
			// The only unit failed; rolling back undoes just its writes.
			return false, nil
		}
	}
	if len(deferred) > 0 && b.flush != nil {
		if err := b.flush(ctx, tx, deferred); err != nil {
			return false, fmt.Errorf("store: flush batch: %w", err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return false, fmt.Errorf("store: commit batch of %d: %w", len(batch), err)
	}
	if b.db.ckpt != nil {
		if err := b.db.ckpt.rewind(ctx, conn); err != nil {
			slog.Warn("the log grows until a rewind succeeds", "error", err)
		}
	}
	return false, nil
}

// Tx is a transaction of a Batcher. Statements run through its methods are
// prepared once and reused by every later transaction.
type Tx struct {
	*sql.Tx
	stmts *stmtCache
	later []any
}

var _ Querier = (*Tx)(nil)

// Later hands v to the batcher's flush function if the current unit
// commits: a way to do once per batch what every unit asks for.
func (tx *Tx) Later(v any) { tx.later = append(tx.later, v) }

// runUnit runs u, in a savepoint if asked. It returns the unit's own
// error, and an error that fails the whole batch.
func (tx *Tx) runUnit(u *unit, savepoint bool) (unitErr, batchErr error) {
	ctx := context.Background()
	tx.later = tx.later[:0]
	if savepoint {
		if _, err := tx.ExecContext(ctx, "SAVEPOINT unit"); err != nil {
			return nil, fmt.Errorf("store: savepoint: %w", err)
		}
	}
	// A unit that has begun runs to its end, so its statements need no
	// cancellation; without it the SQLite driver spares a goroutine per
	// statement that would watch for one.
	unitErr = u.fn(context.WithoutCancel(u.ctx), tx)
	if isTransient(unitErr) {
		unitErr = fmt.Errorf("%w: %w", ErrConflict, unitErr)
	}
	if !savepoint {
		return unitErr, nil
	}
	if unitErr != nil {
		if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT unit"); err != nil {
			return unitErr, fmt.Errorf("store: roll back unit: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT unit"); err != nil {
		return unitErr, fmt.Errorf("store: release savepoint: %w", err)
	}
	return unitErr, nil
}

// ExecContext runs a statement that returns no rows.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := tx.stmts.get(query); s != nil {
		return tx.Tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return tx.Tx.ExecContext(ctx, query, args...)
}

// QueryContext runs a statement that returns rows.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := tx.stmts.get(query); s != nil {
		return tx.Tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return tx.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a statement that returns at most one row.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := tx.stmts.get(query); s != nil {
		return tx.Tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return tx.Tx.QueryRowContext(ctx, query, args...)
}
