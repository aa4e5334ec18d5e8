package store

import (
	"context"
	"database/sql"
	"sync"
)

// Reader runs reads on a pool with statements prepared once and reused,
// which on SQLite costs a fraction of parsing each statement anew. It is
// safe for concurrent use.
type Reader struct {
	db    *sql.DB
	stmts sync.Map // query text -> *sql.Stmt, or nil when it cannot be prepared
}

var _ Querier = (*Reader)(nil)

// NewReader returns a Reader on db.
func NewReader(db *sql.DB) *Reader { return &Reader{db: db} }

func (r *Reader) stmt(ctx context.Context, query string) *sql.Stmt {
	if s, ok := r.stmts.Load(query); ok {
		return s.(*sql.Stmt)
	}
	s, err := r.db.PrepareContext(ctx, query)
	if err != nil {
		s = nil
	}
	if prev, loaded := r.stmts.LoadOrStore(query, s); loaded {
		if s != nil {
			s.Close()
		}
		return prev.(*sql.Stmt)
	}
	return s
}

// ExecContext runs a statement that returns no rows.
func (r *Reader) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := r.stmt(ctx, query); s != nil {
		return s.ExecContext(ctx, args...)
	}
	return r.db.ExecContext(ctx, query, args...)
}

// QueryContext runs a statement that returns rows.
func (r *Reader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := r.stmt(ctx, query); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return r.db.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a statement that returns at most one row.
func (r *Reader) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := r.stmt(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return r.db.QueryRowContext(ctx, query, args...)
}
