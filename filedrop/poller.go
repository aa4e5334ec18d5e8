package filedrop

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// Handler applies the content of a file: it reads f.Data and writes what
// it means through tx, the transaction that records the file's receipt,
// so that both commit or neither does. Work it schedules with tx.Later is
// enqueued by the same commit.
//
// To refuse a file, it returns an *Error (as Reader.Err does): its writes
// are undone, and the file goes to error/ with the problems. Any other
// error also undoes its writes but leaves the file where it is, for the
// next pass to try again; return one for a failure that is not the file's
// fault. A Handler may run more than once for a file, when its transaction
// lost a race with another writer on PostgreSQL; only the last run
// commits.
type Handler func(ctx context.Context, tx *store.Tx, f File) error

// File is a file taken from a drop directory, as a Handler gets it.
type File struct {
	// Source is the Poller's source; Name and ModTime are the file's.
	Source  string
	Name    string
	ModTime time.Time
	// SHA256 is the hex SHA-256 of Data, which identifies the content
	// under any name.
	SHA256 string
	Data   []byte
}

// Poller takes the files that parties drop into a Dir, one pass per call
// of Poll, which a periodic job makes. It must not be copied once used.
//
// A file is taken once its size and modification time are the same as in
// the previous pass and it is at least Settle old, so that a file that is
// still being written is left alone. Files whose name begins with a dot or
// ends in .tmp or .part are never taken: uploads use such names until they
// are complete. Files are taken oldest first.
type Poller struct {
	// Source names the party and the kind of its files, such as
	// "erp-stock". Receipts are kept per source, and content counts as
	// applied within its source.
	Source string
	// Dir is the directory files are dropped into.
	Dir Dir
	// Pattern is a path.Match pattern for the names of the files to take,
	// such as "*.csv", which is case-sensitive; empty means every file.
	Pattern string
	// Settle is how long ago a file must have last been written, by the
	// modification time the Dir reports as against Now.
	Settle time.Duration
	// MaxSize is the size of the largest file that is read; larger files
	// are refused. Zero means 64 MiB.
	MaxSize int64
	// Handle applies a file's content.
	Handle Handler
	// Batcher commits each file's effects together with its receipt. It
	// is the batcher and not a transaction of the poller's own because a
	// file is moved only once its effects are durable, and on SQLite only
	// the batcher's commits flush the log to disk before they return; it
	// also runs a unit again after a PostgreSQL conflict and keeps the
	// process to one writer. Other writers wait while a Handler runs.
	Batcher *store.Batcher
	// Now tells the time; nil means time.Now.
	Now func() time.Time
	// Log receives what became of each file; nil means slog.Default().
	Log *slog.Logger

	mu sync.Mutex
	// seen holds the files of the previous pass.
	seen map[string]Entry
}

// Report says what one pass did with each file it looked at.
type Report struct {
	// Done lists the files that were applied and moved to done/.
	Done []string
	// Duplicate lists the files whose content had been applied before;
	// they were moved to done/ without being applied again.
	Duplicate []string
	// Rejected lists the files that were moved to error/.
	Rejected []string
	// Waiting lists the files left for a later pass because they may
	// still be being written.
	Waiting []string
	// Failed lists the files left where they are because of an error,
	// which Poll returns; the next pass tries them again.
	Failed []string
}

// defaultMaxSize is the size of the largest file read when MaxSize is zero.
const defaultMaxSize = 64 << 20

// Poll makes one pass over the directory: it takes every file that has
// stopped changing, applies it and moves it. It returns an error when the
// directory cannot be listed or ctx ends, and the errors of the files that
// failed, which stay for the next pass. Calls are serialised.
func (p *Poller) Poll(ctx context.Context) (Report, error) {
	if err := p.check(); err != nil {
		return Report{}, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	entries, err := p.Dir.List(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("filedrop: poll %s: %w", p.Source, err)
	}
	files := p.candidates(entries)
	previous := p.seen
	p.seen = make(map[string]Entry, len(files))
	for _, e := range files {
		p.seen[e.Name] = e
	}

	var rep Report
	var errs []error
	now := p.now()
	for _, e := range files {
		before, ok := previous[e.Name]
		if !ok || !before.same(e) || now.Sub(e.ModTime) < p.Settle {
			rep.Waiting = append(rep.Waiting, e.Name)
			continue
		}
		if err := ctx.Err(); err != nil {
			errs = append(errs, fmt.Errorf("filedrop: poll %s: %w", p.Source, err))
			break
		}
		if err := p.take(ctx, e, &rep); err != nil {
			rep.Failed = append(rep.Failed, e.Name)
			errs = append(errs, err)
		}
	}
	return rep, errors.Join(errs...)
}

// check reports the settings a Poller cannot work without.
func (p *Poller) check() error {
	var errs []error
	missing := func(name string) {
		errs = append(errs, fmt.Errorf("filedrop: poller: %s is missing", name))
	}
	if p.Source == "" {
		missing("Source")
	}
	if p.Dir == nil {
		missing("Dir")
	}
	if p.Handle == nil {
		missing("Handle")
	}
	if p.Batcher == nil {
		missing("Batcher")
	}
	if _, err := path.Match(p.Pattern, ""); err != nil {
		errs = append(errs, fmt.Errorf("filedrop: poller: Pattern %q: %w", p.Pattern, err))
	}
	return errors.Join(errs...)
}

// candidates returns the files that the pattern names and that are not
// uploads in progress, oldest first.
func (p *Poller) candidates(entries []Entry) []Entry {
	var out []Entry
	for _, e := range entries {
		if strings.HasPrefix(e.Name, ".") || strings.HasSuffix(e.Name, ".tmp") ||
			strings.HasSuffix(e.Name, ".part") {
			continue
		}
		if ok, _ := path.Match(p.Pattern, e.Name); p.Pattern != "" && !ok {
			continue
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Entry) int {
		return cmp.Or(a.ModTime.Compare(b.ModTime), strings.Compare(a.Name, b.Name))
	})
	return out
}

// same reports whether e describes the file as it was when o was taken.
func (e Entry) same(o Entry) bool { return e.Size == o.Size && e.ModTime.Equal(o.ModTime) }

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Poller) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.Default()
}

func (p *Poller) maxSize() int64 {
	if p.MaxSize > 0 {
		return p.MaxSize
	}
	return defaultMaxSize
}
