// Package store keeps Ordo's state in SQL: the append-only event store, the
// projections that screens read, the inbox that de-duplicates what channels
// deliver, the quarantine for what could not be read, and API tokens. The
// same code runs on SQLite (embedded, the default) and on PostgreSQL.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

// Dialect names a supported database.
type Dialect string

// The supported databases.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Errors returned by the store.
var (
	// ErrNotFound means the requested row does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrConflict means another writer changed a stream first; the caller
	// should load the stream again and retry.
	ErrConflict = errors.New("store: concurrent change")
)

// DB is an open Ordo database. Writes go through Write; reads that need not
// see uncommitted work of the caller may use Read, which on SQLite is a
// separate pool of read-only connections so that readers never wait for the
// single writer.
type DB struct {
	Dialect Dialect
	Write   *sql.DB
	Read    *sql.DB

	ckpt *checkpointer
}

// Options tune how a database is opened. The zero value is usable.
type Options struct {
	// MaxOpenConns bounds the PostgreSQL pool; zero means 16.
	MaxOpenConns int
	// BusyTimeout is how long SQLite waits for a lock; zero means 5s.
	BusyTimeout time.Duration
	// CheckpointEvery is how often SQLite's log is copied into the
	// database file in the background; zero means every second.
	CheckpointEvery time.Duration
	// RewindPages is the size of SQLite's log, in pages, past which it is
	// started afresh; zero means 16384 (64 MiB).
	RewindPages int
}

// Open connects to the database at rawURL, which is sqlite://PATH or a
// postgres:// URL, and checks that it answers.
func Open(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("store: parse database url: %w", err)
	}
	var db *DB
	switch u.Scheme {
	case "sqlite":
		db, err = openSQLite(sqlitePath(rawURL), opts)
	case "postgres", "postgresql":
		db, err = openPostgres(rawURL, opts)
	default:
		return nil, fmt.Errorf("store: database url scheme %q: want sqlite or postgres", u.Scheme)
	}
	if err != nil {
		return nil, err
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// sqlitePath returns the file path of a sqlite:// URL: sqlite://ordo.db is
// relative, sqlite:///var/lib/ordo.db absolute.
func sqlitePath(rawURL string) string {
	p := strings.TrimPrefix(rawURL, "sqlite://")
	p, _, _ = strings.Cut(p, "?")
	return p
}

func openSQLite(path string, opts Options) (*DB, error) {
	busy := opts.BusyTimeout
	if busy == 0 {
		busy = 5 * time.Second
	}
	// WAL lets readers run beside the writer. Each unit of a group commit
	// may run in a savepoint, whose undo journal temp_store keeps in memory
	// rather than in a temporary file; 64 MiB of page cache holds the hot
	// part of the tables.
	pragmas := fmt.Sprintf("_pragma=journal_mode(WAL)&_pragma=busy_timeout(%d)"+
		"&_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-65536)",
		busy.Milliseconds())
	// The write connection commits without flushing the log to disk
	// (synchronous NORMAL), except for the batches of the Batcher, which
	// make a commit durable before anyone is answered (FULL): the job
	// queue's own bookkeeping, of which a crash can at worst make an
	// idempotent job run again, does not pay a disk flush each time. The
	// next durable commit flushes the log up to it, in order. The write
	// connection never checkpoints the log itself either; a background
	// checkpointer on a connection of its own does.
	write, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+
		"&_pragma=synchronous(NORMAL)&_pragma=wal_autocheckpoint(0)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	// SQLite has one writer at a time; one connection makes writers queue
	// in Go rather than fail with SQLITE_BUSY.
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	read.SetMaxOpenConns(4)
	ckpt, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=synchronous(FULL)")
	if err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", path, err)
	}
	ckpt.SetMaxOpenConns(1)
	return &DB{Dialect: SQLite, Write: write, Read: read,
		ckpt: startCheckpointer(ckpt, opts.CheckpointEvery, opts.RewindPages)}, nil
}

func openPostgres(rawURL string, opts Options) (*DB, error) {
	pool, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	n := opts.MaxOpenConns
	if n == 0 {
		n = 16
	}
	pool.SetMaxOpenConns(n)
	pool.SetMaxIdleConns(n)
	return &DB{Dialect: Postgres, Write: pool, Read: pool}, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.Write.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping %s: %w", db.Dialect, err)
	}
	return nil
}

// Close closes every connection.
func (db *DB) Close() error {
	err := db.Write.Close()
	if db.Read != db.Write {
		err = errors.Join(err, db.Read.Close())
	}
	if db.ckpt != nil {
		err = errors.Join(err, db.ckpt.close())
	}
	return err
}

// Querier is what both *sql.DB and *sql.Tx offer, so that a read can run
// inside or outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Micros converts t to the stored form: microseconds since the Unix epoch.
func Micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// FromMicros converts a stored time back, in UTC.
func FromMicros(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

// durable makes the commits on conn flush the log to disk (on) or not
// (off). Only SQLite's write connection commits without flushing by
// default; PostgreSQL's commits always flush.
func (db *DB) durable(ctx context.Context, conn *sql.Conn, on bool) error {
	if db.Dialect != SQLite {
		return nil
	}
	mode := "NORMAL"
	if on {
		mode = "FULL"
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = "+mode); err != nil {
		return fmt.Errorf("store: synchronous %s: %w", mode, err)
	}
	return nil
}
