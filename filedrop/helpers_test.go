package filedrop_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/filedrop/sftptest"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// env is what the scenarios of one backend and database share: opening a
// database costs more than most scenarios.
type env struct {
	db      *store.DB
	batcher *store.Batcher
	// newDir returns an empty directory, as a Dir and on the local file
	// system.
	newDir func(t *testing.T, name string) (filedrop.Dir, string)
}

// fixture is a drop directory, reached through a Dir and on the local file
// system, and a source of its own in the shared database.
type fixture struct {
	t       *testing.T
	source  string
	dir     filedrop.Dir
	path    string
	db      *store.DB
	batcher *store.Batcher
	// now is the poller's clock; files are dropped an hour before it.
	now time.Time
}

// scenario is a behaviour of the poller, checked on every backend.
type scenario struct {
	name string
	run  func(t *testing.T, f *fixture)
}

// runScenarios runs every scenario on a local directory with each
// database, and on an SFTP server with SQLite: what the poller does with
// the database does not depend on where its files are.
func runScenarios(t *testing.T, scenarios []scenario) {
	for _, d := range storetest.Dialects {
		t.Run("local/"+string(d), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, d)
			root := t.TempDir()
			e.newDir = func(t *testing.T, name string) (filedrop.Dir, string) {
				p := filepath.Join(root, name)
				if err := os.Mkdir(p, 0o755); err != nil {
					t.Fatal(err)
				}
				return filedrop.LocalDir(p), p
			}
			e.run(t, scenarios)
		})
	}
	t.Run("sftp/sqlite", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, store.SQLite)
		s := sftptest.Start(t)
		e.newDir = func(t *testing.T, name string) (filedrop.Dir, string) {
			opts := s.Options()
			opts.Dir = filepath.Join(s.Dir, name)
			if err := os.Mkdir(opts.Dir, 0o755); err != nil {
				t.Fatal(err)
			}
			return dial(t, opts), opts.Dir
		}
		e.run(t, scenarios)
	})
}

// newEnv opens a database of dialect d with a table for the test handler.
func newEnv(t testing.TB, d store.Dialect) *env {
	t.Helper()
	db := storetest.Open(t, d)
	_, err := db.Write.ExecContext(context.Background(), `CREATE TABLE levels (
		source TEXT NOT NULL, file TEXT NOT NULL, line BIGINT NOT NULL,
		location TEXT NOT NULL, sku TEXT NOT NULL, on_hand BIGINT NOT NULL)`)
	if err != nil {
		t.Fatal(err)
	}
	b := store.NewBatcher(db, store.BatchOptions{})
	t.Cleanup(b.Close)
	return &env{db: db, batcher: b}
}

// run runs each scenario on a directory and a source of its own.
func (e *env) run(t *testing.T, scenarios []scenario) {
	for i, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			dir, path := e.newDir(t, fmt.Sprint(i))
			sc.run(t, &fixture{t: t, source: fmt.Sprintf("erp-stock-%d", i), dir: dir,
				path: path, db: e.db, batcher: e.batcher,
				now: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)})
		})
	}
}

// dial connects to an SFTP server for the test.
func dial(t *testing.T, opts filedrop.Options) *filedrop.Client {
	t.Helper()
	c, err := filedrop.Dial(context.Background(), opts)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// poller returns a poller of the fixture's directory that applies
// inventory snapshots with h.
func (f *fixture) poller(h filedrop.Handler) *filedrop.Poller {
	return &filedrop.Poller{Source: f.source, Dir: f.dir, Pattern: "*.csv", Handle: h,
		Batcher: f.batcher, Now: func() time.Time { return f.now }, Log: quiet}
}

// quiet drops what the pollers of the tests log.
var quiet = slog.New(slog.DiscardHandler)

// poll makes a pass and fails the test if it reports an error.
func (f *fixture) poll(p *filedrop.Poller) filedrop.Report {
	f.t.Helper()
	rep, err := p.Poll(context.Background())
	if err != nil {
		f.t.Fatalf("poll: %v", err)
	}
	return rep
}

// drop writes a file into the directory, last written an hour ago.
func (f *fixture) drop(name, content string) {
	f.t.Helper()
	p := filepath.Join(f.path, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		f.t.Fatal(err)
	}
	f.touch(name, f.now.Add(-time.Hour))
}

// touch sets when a file was last written.
func (f *fixture) touch(name string, at time.Time) {
	f.t.Helper()
	if err := os.Chtimes(filepath.Join(f.path, name), at, at); err != nil {
		f.t.Fatal(err)
	}
}

// files lists every file under the directory, subdirectories included.
func (f *fixture) files() []string {
	f.t.Helper()
	var out []string
	err := filepath.WalkDir(f.path, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(f.path, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// read returns a file's content.
func (f *fixture) read(name string) string {
	f.t.Helper()
	b, err := os.ReadFile(filepath.Join(f.path, name))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

// level is a row the test handler wrote.
type level struct {
	File, Location, SKU string
	Line, OnHand        int64
}

// levels returns what the test handler wrote.
func (f *fixture) levels() []level {
	f.t.Helper()
	rows, err := f.db.Read.QueryContext(context.Background(), `SELECT file, line, location,
		sku, on_hand FROM levels WHERE source = $1 ORDER BY file, line, location`,
		f.source)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	var out []level
	for rows.Next() {
		var l level
		if err := rows.Scan(&l.File, &l.Line, &l.Location, &l.SKU, &l.OnHand); err != nil {
			f.t.Fatal(err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		f.t.Fatal(err)
	}
	return out
}

// receipts returns the receipts of the test source, oldest first.
func (f *fixture) receipts() []filedrop.Receipt {
	f.t.Helper()
	rs, err := filedrop.Receipts(context.Background(), f.db.Read, f.source, 0)
	if err != nil {
		f.t.Fatal(err)
	}
	slices.Reverse(rs)
	return rs
}

// stock applies an inventory snapshot: a row in levels for each row of
// the file, at the locations it knows.
type stock struct {
	known map[string]bool
}

func (s stock) handle(ctx context.Context, q *store.Tx, f filedrop.File) error {
	r := filedrop.NewReader(bytes.NewReader(f.Data), filedrop.Mapping{Header: true,
		Columns: stockColumns})
	for rec := range r.Records() {
		loc := rec.Get("location")
		if s.known != nil && !s.known[loc] {
			rec.Fail("location", "%q is not a location Ordo knows", loc)
		}
		onHand := rec.Int("on_hand")
		if !rec.OK() {
			continue
		}
		_, err := q.ExecContext(ctx, `INSERT INTO levels (source, file, line, location, sku,
			on_hand) VALUES ($1, $2, $3, $4, $5, $6)`, f.Source, f.Name, rec.Line, loc,
			rec.Get("sku"), onHand)
		if err != nil {
			return err
		}
	}
	return r.Err()
}

// snapshot is an inventory snapshot of two rows.
const snapshot = "location,sku,on_hand\ndc-1,TEE,12\ndc-1,CAP,3\n"

// snapshotLevels are what applying snapshot as file writes.
func snapshotLevels(file string) []level {
	return []level{{File: file, Line: 2, Location: "dc-1", SKU: "TEE", OnHand: 12},
		{File: file, Line: 3, Location: "dc-1", SKU: "CAP", OnHand: 3}}
}
