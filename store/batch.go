package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// TxFunc is one unit of work inside a shared transaction. It must do all its
// writing through tx, keep no state between calls (it may run again after a
// conflict) and return an error to have its own writes undone.
type TxFunc func(ctx context.Context, tx *sql.Tx) error

// ErrClosed is returned by Batcher.Do after Close.
var ErrClosed = errors.New("store: batcher closed")

// Batcher commits units of work from many goroutines together: group
// commit. A commit costs one disk flush however much it holds, so sharing
// it lets ingest run near the rate at which the database appends rows while
// each caller still returns only once its own work is durable. Every unit
// runs in a savepoint, so one unit's failure undoes only its own writes.
type Batcher struct {
	db       *sql.DB
	maxBatch int
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

// NewBatcher starts workers goroutines that each commit up to maxBatch
// units per transaction. One worker per process is the right number on
// both databases: SQLite has one writer, and on PostgreSQL two batches of
// one process would take row locks in different orders and deadlock.
// Batches of different processes still may; their units are run again.
func NewBatcher(db *sql.DB, workers, maxBatch int) *Batcher {
	b := &Batcher{
		db:       db,
		maxBatch: max(maxBatch, 1),
		units:    make(chan *unit),
		quit:     make(chan struct{}),
	}
	for range max(workers, 1) {
		b.wg.Add(1)
		go b.run()
	}
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

// Close stops the workers after the batches in flight have committed.
func (b *Batcher) Close() {
	b.once.Do(func() { close(b.quit) })
	b.wg.Wait()
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
	}
}

// fill adds the units that are already waiting, without waiting for more:
// under light load a unit commits alone and at once.
func (b *Batcher) fill(batch []*unit) []*unit {
	for len(batch) < b.maxBatch {
		select {
		case u := <-b.units:
			batch = append(batch, u)
		default:
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

// commitTx runs each unit in its own savepoint of one transaction, records
// each unit's failure in errs, and returns an error that fails them all.
func (b *Batcher) commitTx(batch []*unit, errs []error) error {
	// The transaction is not bound to any caller's context: one caller
	// going away must not undo the work of the others.
	ctx := context.Background()
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin batch: %w", err)
	}
	defer tx.Rollback()

	for i, u := range batch {
		if err := u.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT unit"); err != nil {
			return fmt.Errorf("store: savepoint: %w", err)
		}
		if errs[i] = u.fn(u.ctx, tx); errs[i] != nil {
			if isTransient(errs[i]) {
				errs[i] = fmt.Errorf("%w: %w", ErrConflict, errs[i])
			}
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT unit"); err != nil {
				return fmt.Errorf("store: roll back unit: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT unit"); err != nil {
			return fmt.Errorf("store: release savepoint: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit batch of %d: %w", len(batch), err)
	}
	return nil
}
