package filedrop_test

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/filedrop/sftptest"
)

// watcher is a Dir that notes what the file final holds each time a write
// to any name has finished, and can fail renames.
type watcher struct {
	filedrop.Dir
	final      string
	writes     []string
	finalSeen  []string
	failRename bool
}

func (w *watcher) WriteFile(ctx context.Context, name string, data []byte) error {
	err := w.Dir.WriteFile(ctx, name, data)
	w.writes = append(w.writes, name)
	b, rerr := w.Dir.ReadFile(ctx, w.final)
	switch {
	case errors.Is(rerr, fs.ErrNotExist):
		w.finalSeen = append(w.finalSeen, "(absent)")
	case rerr != nil:
		w.finalSeen = append(w.finalSeen, rerr.Error())
	default:
		w.finalSeen = append(w.finalSeen, string(b))
	}
	return err
}

func (w *watcher) Rename(ctx context.Context, oldname, newname string) error {
	if w.failRename {
		return errors.New("connection lost")
	}
	return w.Dir.Rename(ctx, oldname, newname)
}

func TestPut(t *testing.T) {
	s := sftptest.Start(t)
	big := strings.Repeat("location,sku,on_hand\n", 50_000) // about 1 MiB
	tests := []struct {
		name       string
		before     string // the final name's content before, if any
		failRename bool
		wantErr    string
		want       string // its content after
	}{
		{name: "a new file", want: big},
		{name: "a file replaced", before: "old\n", want: big},
		{name: "a failed rename", before: "old\n", failRename: true, want: "old\n",
			wantErr: "connection lost"},
	}
	for i, tt := range tests {
		dirs := map[string]filedrop.Dir{"local": filedrop.LocalDir(t.TempDir()),
			"sftp": dial(t, s.Options())}
		for kind, d := range dirs {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				ctx := context.Background()
				name := path.Join("outbox", string(rune('a'+i))+".csv")
				if err := d.MkdirAll(ctx, "outbox"); err != nil {
					t.Fatal(err)
				}
				if tt.before != "" {
					if err := d.WriteFile(ctx, name, []byte(tt.before)); err != nil {
						t.Fatal(err)
					}
				}
				w := &watcher{Dir: d, final: name, failRename: tt.failRename}

				err := filedrop.Put(ctx, w, name, []byte(big))
				if (err == nil) != (tt.wantErr == "") ||
					(err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
					t.Fatalf("Put returned %v; want an error containing %q", err, tt.wantErr)
				}

				// While the data was written, the final name held what it
				// held before: the data went to a temporary name that a
				// poller never takes.
				wasBefore := tt.before
				if wasBefore == "" {
					wasBefore = "(absent)"
				}
				if diff := cmp.Diff([]string{wasBefore}, w.finalSeen); diff != "" {
					t.Errorf("final name while writing (-want +got):\n%s", diff)
				}
				if len(w.writes) != 1 || !isUpload(w.writes[0]) {
					t.Errorf("wrote %q; want one temporary upload name", w.writes)
				}
				b, err := d.ReadFile(ctx, name)
				if err != nil {
					t.Fatal(err)
				}
				if string(b) != tt.want {
					t.Errorf("after Put the file holds %d bytes; want %d", len(b), len(tt.want))
				}
				if _, err := d.Stat(ctx, w.writes[0]); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("temporary file %s is left: %v", w.writes[0], err)
				}
			})
		}
	}
}

// isUpload reports whether a poller leaves a file of this name alone.
func isUpload(name string) bool {
	base := path.Base(name)
	return strings.HasPrefix(base, ".") && strings.HasSuffix(base, ".tmp")
}
