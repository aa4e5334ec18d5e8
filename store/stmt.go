package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache holds prepared statements by their text. Parsing SQL costs more
// than running it for Ordo's short statements, so each is parsed once.
//
// A statement cannot be prepared inside a transaction for later ones, and on
// SQLite the pool's only connection is busy while a transaction runs. So a
// statement first runs unprepared, is remembered as missed, and the batcher
// prepares it between transactions.
type stmtCache struct {
	db     *sql.DB
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	missed map[string]bool
}

// maxStmts bounds the cache; Ordo's statements are a fixed, small set, so
// reaching it means queries are being built with values in their text.
const maxStmts = 256

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}, missed: map[string]bool{}}
}

// get returns the prepared statement for query, or nil after noting it as
// missed.
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.stmts[query]
	if !ok && len(c.stmts)+len(c.missed) < maxStmts {
		c.missed[query] = true
	}
	return s
}

// prepareMissed prepares the statements that were missed. A statement that
// fails to prepare is remembered as nil and keeps running unprepared.
func (c *stmtCache) prepareMissed(ctx context.Context) {
	c.mu.Lock()
	missed := c.missed
	c.missed = map[string]bool{}
	c.mu.Unlock()
	for query := range missed {
		s, err := c.db.PrepareContext(ctx, query)
		if err != nil {
			s = nil
		}
		c.mu.Lock()
		c.stmts[query] = s
		c.mu.Unlock()
	}
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.stmts {
		if s != nil {
			s.Close()
		}
		delete(c.stmts, q)
	}
}
