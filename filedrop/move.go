package filedrop

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/ordo-oms/ordo/store"
)

// move moves the file of r, which was e when it was read, to done/, or to
// error/ with its problems in a file beside it named NAME.errors.txt, and
// records where it went.
func (p *Poller) move(ctx context.Context, r *Receipt, e Entry) error {
	dir := "done"
	if r.State == StateError {
		dir = "error"
	}
	if err := p.Dir.MkdirAll(ctx, dir); err != nil {
		return err
	}
	to, err := p.freeName(ctx, dir, r.Name)
	if err != nil {
		return err
	}
	if err := p.unchanged(ctx, e); err != nil {
		return err
	}
	if r.State == StateError {
		text := strings.Join(r.Reasons, "\n") + "\n"
		if err := Put(ctx, p.Dir, to+".errors.txt", []byte(text)); err != nil {
			return err
		}
	}
	if err := p.Dir.Rename(ctx, r.Name, to); err != nil {
		return err
	}
	r.MovedTo, r.MovedAt = to, p.now()
	err = p.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		return markMoved(ctx, tx, r.ID, r.MovedTo, r.MovedAt)
	})
	if err != nil {
		// The file is where it belongs; only a file of the same name and
		// content dropped later would find the receipt still waiting to
		// be moved, and be moved as it says rather than taken anew.
		p.log().WarnContext(ctx, "file moved, but its receipt does not say so",
			"source", p.Source, "file", r.Name, "receipt_id", r.ID, "error", err)
	}
	return nil
}

// unchanged checks that a file is still as it was when it was read: a
// party may have written a new one under the same name since, which must
// be taken rather than moved.
func (p *Poller) unchanged(ctx context.Context, e Entry) error {
	now, err := p.Dir.Stat(ctx, e.Name)
	if err != nil {
		return err
	}
	if !now.same(e) {
		return fmt.Errorf("filedrop: %s was written again after it was read; the "+
			"new file is taken on a later pass", e.Name)
	}
	return nil
}

// freeName returns the path in dir for a file called name that no file
// has: dir/name, or else one with the time, and a counter if need be,
// added before the extension, such as done/stock-20260102T150405Z.csv.
func (p *Poller) freeName(ctx context.Context, dir, name string) (string, error) {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	stamp := p.now().UTC().Format("20060102T150405Z")
	for i := range 100 {
		candidate := name
		switch {
		case i == 1:
			candidate = stem + "-" + stamp + ext
		case i > 1:
			candidate = fmt.Sprintf("%s-%s-%d%s", stem, stamp, i, ext)
		}
		to := path.Join(dir, candidate)
		_, err := p.Dir.Stat(ctx, to)
		if errors.Is(err, fs.ErrNotExist) {
			return to, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("filedrop: no free name for %s in %s", name, dir)
}
