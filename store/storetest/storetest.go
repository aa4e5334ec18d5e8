// Package storetest opens real, migrated, empty databases for tests: a
// SQLite file in the test's temporary directory, or a new PostgreSQL
// database cloned from a migrated template. Tests run against both, never
// against mocks. PostgreSQL must be reachable at $ORDO_TEST_POSTGRES
// (default postgres://postgres@127.0.0.1:5432/test); when it is not, the
// tests fail rather than skip.
package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// Dialects lists every database a store test must pass on.
var Dialects = []store.Dialect{store.SQLite, store.Postgres}

// ServerURL is the PostgreSQL server tests create their databases on.
func ServerURL() string {
	if u := os.Getenv("ORDO_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// URL returns the URL of a new, migrated, empty database of dialect d that
// is dropped when the test ends.
func URL(t testing.TB, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		u := "sqlite://" + filepath.Join(t.TempDir(), "ordo.db")
		db := open(t, u)
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("migrate %s: %v", u, err)
		}
		db.Close()
		return u
	}
	return postgresURL(t)
}

// Open returns a new, migrated, empty database of dialect d, closed when
// the test ends.
func Open(t testing.TB, d store.Dialect) *store.DB {
	t.Helper()
	return open(t, URL(t, d))
}

func open(t testing.TB, u string) *store.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := store.Open(ctx, u, store.Options{MaxOpenConns: 8})
	if err != nil {
		t.Fatalf("open test database: %v (is PostgreSQL running? .ci/run starts it)", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

var template struct {
	once sync.Once
	name string
	err  error
}

// postgresURL creates a database from the migrated template and drops it
// when the test ends.
func postgresURL(t testing.TB) string {
	t.Helper()
	server := ServerURL()
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatalf("connect to %s: %v", server, err)
	}
	defer admin.Close()
	template.once.Do(func() { template.name, template.err = ensureTemplate(server) })
	if template.err != nil {
		t.Fatalf("prepare PostgreSQL template at %s: %v (is PostgreSQL running? "+
			".ci/run starts it)", server, template.err)
	}

	name := fmt.Sprintf("ordo_test_%d_%d", os.Getpid(), time.Now().UnixNano())
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`,
		name, template.name)); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", server)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.ExecContext(context.Background(),
			fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name))
	})
	return withDatabase(server, name)
}

// ensureTemplate makes, once per schema, a migrated database to clone. Its
// name carries a hash of the migrations, so that a changed schema gets a
// new template and concurrent test processes share an existing one.
func ensureTemplate(server string) (string, error) {
	ctx := context.Background()
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	// One process at a time builds the template.
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(727274)`); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(727274)`)

	name := "ordo_tmpl_" + schemaHash()
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database
		WHERE datname = $1)`, name).Scan(&exists); err != nil || exists {
		return name, err
	}
	building := name + "_building"
	drop := `DROP DATABASE IF EXISTS ` + building + ` WITH (FORCE)`
	if _, err := conn.ExecContext(ctx, drop); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+building); err != nil {
		return "", err
	}
	db, err := store.Open(ctx, withDatabase(server, building), store.Options{MaxOpenConns: 2})
	if err != nil {
		return "", err
	}
	err = db.Migrate(ctx)
	db.Close()
	if err != nil {
		return "", err
	}
	_, err = conn.ExecContext(ctx, `ALTER DATABASE `+building+` RENAME TO `+name)
	return name, err
}

// schemaHash identifies the schema by the migrations of both Ordo and the
// job queue, which the binary embeds.
func schemaHash() string {
	h := sha256.New()
	_ = fs.WalkDir(store.Migrations, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(store.Migrations, path)
			h.Write([]byte(path))
			h.Write(b)
		}
		return nil
	})
	h.Write([]byte(store.RiverVersion()))
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func withDatabase(server, name string) string {
	u, err := url.Parse(server)
	if err != nil {
		return server
	}
	u.Path = "/" + strings.TrimPrefix(name, "/")
	return u.String()
}
