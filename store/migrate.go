package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// Migrations holds the SQL migrations of both dialects, one folder each.
//
//go:embed migrations
var Migrations embed.FS

// Migrate brings Ordo's schema and the job queue's schema up to date. It is
// safe to run on every start and from many nodes at once.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.goose()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	m, err := rivermigrate.New(db.RiverDriver(), nil)
	if err != nil {
		return fmt.Errorf("store: migrate jobs: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("store: migrate jobs: %w", err)
	}
	return nil
}

// Current reports whether every migration has been applied, for /readyz.
func (db *DB) Current(ctx context.Context) (bool, error) {
	p, err := db.goose()
	if err != nil {
		return false, err
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, fmt.Errorf("store: check migrations: %w", err)
	}
	if pending {
		return false, nil
	}
	m, err := rivermigrate.New(db.RiverDriver(), nil)
	if err != nil {
		return false, fmt.Errorf("store: check job migrations: %w", err)
	}
	res, err := m.Validate(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: check job migrations: %w", err)
	}
	return res.OK, nil
}

// RiverDriver returns the job queue's driver for this database.
func (db *DB) RiverDriver() riverdriver.Driver[*sql.Tx] {
	if db.Dialect == SQLite {
		return riversqlite.New(db.Write)
	}
	return riverdatabasesql.New(db.Write)
}

func (db *DB) goose() (*goose.Provider, error) {
	dir, err := fs.Sub(Migrations, "migrations/"+string(db.Dialect))
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	dialect := goose.DialectPostgres
	if db.Dialect == SQLite {
		dialect = goose.DialectSQLite3
	}
	var opts []goose.ProviderOption
	if db.Dialect == Postgres {
		// An advisory lock lets many nodes start at once.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("store: migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, db.Write, dir, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// CountJobsByKind returns how many jobs the queue holds of each kind, in
// each state.
func CountJobsByKind(ctx context.Context, q Querier) (map[string]map[string]int64, error) {
	rows, err := q.QueryContext(ctx,
		`SELECT kind, state, COUNT(*) FROM river_job GROUP BY kind, state`)
	if err != nil {
		return nil, fmt.Errorf("store: count jobs by kind: %w", err)
	}
	defer rows.Close()
	counts := map[string]map[string]int64{}
	for rows.Next() {
		var kind, state string
		var n int64
		if err := rows.Scan(&kind, &state, &n); err != nil {
			return nil, fmt.Errorf("store: count jobs by kind: %w", err)
		}
		if counts[kind] == nil {
			counts[kind] = map[string]int64{}
		}
		counts[kind][state] = n
	}
	return counts, rows.Err()
}

// CountJobs returns how many jobs the queue holds in each state.
func CountJobs(ctx context.Context, q Querier) (map[string]int64, error) {
	byKind, err := CountJobsByKind(ctx, q)
	if err != nil {
		return nil, err
	}
	counts := map[string]int64{}
	for _, states := range byKind {
		for state, n := range states {
			counts[state] += n
		}
	}
	return counts, nil
}

// RiverVersion names the version of the job queue's schema migrations the
// binary carries.
func RiverVersion() string {
	m, err := rivermigrate.New(riversqlite.New(nil), nil)
	if err != nil {
		return ""
	}
	all := m.AllVersions()
	if len(all) == 0 {
		return ""
	}
	return fmt.Sprint(all[len(all)-1].Version)
}
