package filedrop

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Dir is a directory that parties drop files into and that Ordo takes them
// from. Names are slash-separated paths inside it, such as "stock.csv" or
// "done/stock.csv". Every error wraps the underlying one, so that
// errors.Is(err, fs.ErrNotExist) tells a missing file.
type Dir interface {
	// List returns the regular files directly in the directory, leaving
	// out directories and links.
	List(ctx context.Context) ([]Entry, error)
	// Stat describes a file.
	Stat(ctx context.Context, name string) (Entry, error)
	// ReadFile returns a file's content.
	ReadFile(ctx context.Context, name string) ([]byte, error)
	// WriteFile creates or truncates a file and writes data to it; a
	// reader may see it part-written, which Put prevents.
	WriteFile(ctx context.Context, name string, data []byte) error
	// Rename moves a file, atomically replacing newname if it exists.
	Rename(ctx context.Context, oldname, newname string) error
	// MkdirAll creates a directory, and its parents, unless it exists.
	MkdirAll(ctx context.Context, name string) error
	// Remove deletes a file.
	Remove(ctx context.Context, name string) error
}

// Entry describes a file in a Dir.
type Entry struct {
	// Name is the file's name, without a directory.
	Name string
	// Size is its length in bytes.
	Size int64
	// ModTime is when it was last written, as the server tells it.
	ModTime time.Time
}

// LocalDir is a directory of the local file system used as a Dir: a
// mounted drop directory, or a fast stand-in for an SFTP server in tests.
type LocalDir string

var _ Dir = LocalDir("")

// List returns the regular files directly in the directory.
func (d LocalDir) List(ctx context.Context) ([]Entry, error) {
	des, err := os.ReadDir(string(d))
	if err != nil {
		return nil, fmt.Errorf("filedrop: list %s: %w", d, err)
	}
	var out []Entry
	for _, de := range des {
		if !de.Type().IsRegular() {
			continue
		}
		fi, err := de.Info()
		if err != nil {
			// Gone since it was listed: as if it had not been there.
			continue
		}
		out = append(out, entry(fi))
	}
	return out, nil
}

// Stat describes a file.
func (d LocalDir) Stat(ctx context.Context, name string) (Entry, error) {
	p, err := d.path(name)
	if err != nil {
		return Entry{}, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return Entry{}, fmt.Errorf("filedrop: stat: %w", err)
	}
	return entry(fi), nil
}

// ReadFile returns a file's content.
func (d LocalDir) ReadFile(ctx context.Context, name string) ([]byte, error) {
	p, err := d.path(name)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("filedrop: read: %w", err)
	}
	return b, nil
}

// WriteFile creates or truncates a file and writes data to it.
func (d LocalDir) WriteFile(ctx context.Context, name string, data []byte) error {
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return fmt.Errorf("filedrop: write: %w", err)
	}
	return nil
}

// Rename moves a file, atomically replacing newname if it exists.
func (d LocalDir) Rename(ctx context.Context, oldname, newname string) error {
	from, err := d.path(oldname)
	if err != nil {
		return err
	}
	to, err := d.path(newname)
	if err != nil {
		return err
	}
	if err := os.Rename(from, to); err != nil {
		return fmt.Errorf("filedrop: rename: %w", err)
	}
	return nil
}

// MkdirAll creates a directory, and its parents, unless it exists.
func (d LocalDir) MkdirAll(ctx context.Context, name string) error {
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(p, 0o755); err != nil {
		return fmt.Errorf("filedrop: create directory: %w", err)
	}
	return nil
}

// Remove deletes a file.
func (d LocalDir) Remove(ctx context.Context, name string) error {
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil {
		return fmt.Errorf("filedrop: remove: %w", err)
	}
	return nil
}

// path returns the local path of a name, refusing names that would lead
// out of the directory.
func (d LocalDir) path(name string) (string, error) {
	if err := checkName(name); err != nil {
		return "", err
	}
	return filepath.Join(string(d), filepath.FromSlash(name)), nil
}

// checkName refuses names that are absolute or lead out of a Dir.
func checkName(name string) error {
	if !fs.ValidPath(name) || name == "." {
		return fmt.Errorf("filedrop: %q is not a name inside the directory", name)
	}
	return nil
}

func entry(fi fs.FileInfo) Entry {
	return Entry{Name: fi.Name(), Size: fi.Size(), ModTime: fi.ModTime()}
}
