package filedrop_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/store"
)

func TestPoller(t *testing.T) {
	runScenarios(t, []scenario{
		{"takes a file once it is stable", takesAStableFile},
		{"refuses a bad file with its reasons", refusesABadFile},
		{"waits for a file being written", waitsForAFileBeingWritten},
		{"waits for the settle time", waitsForTheSettleTime},
		{"leaves uploads and other names", leavesUploadsAndOtherNames},
		{"applies the same content once under any name", appliesContentOnce},
		{"keeps earlier files of the same name", keepsEarlierFilesOfTheSameName},
		{"moves a file taken before a crash without applying it again",
			movesAFileTakenBeforeACrash},
		{"takes a file written again while it was taken", takesAFileWrittenAgain},
		{"leaves a file when the handler fails", leavesAFileWhenTheHandlerFails},
		{"leaves a file when the handler panics", leavesAFileWhenTheHandlerPanics},
		{"takes a refused file again once moved back", takesARefusedFileAgain},
		{"refuses a file too large to read", refusesALargeFile},
	})
}

// checkReport fails the test when got differs from want.
func checkReport(t *testing.T, pass string, want, got filedrop.Report) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s: report (-want +got):\n%s", pass, diff)
	}
}

// checkFiles fails the test when the directory does not hold exactly want.
func checkFiles(t *testing.T, f *fixture, want ...string) {
	t.Helper()
	if diff := cmp.Diff(want, f.files(), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

// checkLevels fails the test when the handler's writes are not want.
func checkLevels(t *testing.T, f *fixture, want []level) {
	t.Helper()
	if diff := cmp.Diff(want, f.levels(), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("levels (-want +got):\n%s", diff)
	}
}

func takesAStableFile(t *testing.T, f *fixture) {
	p := f.poller(stock{}.handle)
	f.drop("a.csv", snapshot)
	checkReport(t, "first pass", filedrop.Report{Waiting: []string{"a.csv"}}, f.poll(p))
	checkFiles(t, f, "a.csv")
	checkLevels(t, f, nil)

	checkReport(t, "second pass", filedrop.Report{Done: []string{"a.csv"}}, f.poll(p))
	checkFiles(t, f, "done/a.csv")
	checkLevels(t, f, snapshotLevels("a.csv"))
	if got := f.read("done/a.csv"); got != snapshot {
		t.Errorf("done/a.csv holds %q; want %q", got, snapshot)
	}
	want := []filedrop.Receipt{{Source: f.source, Name: "a.csv",
		Size: int64(len(snapshot)), ModTime: f.now.Add(-time.Hour),
		SHA256: fmt.Sprintf("%x", sha256.Sum256([]byte(snapshot))),
		State:  filedrop.StateDone, MovedTo: "done/a.csv", TakenAt: f.now, MovedAt: f.now}}
	if diff := cmp.Diff(want, f.receipts(),
		cmpopts.IgnoreFields(filedrop.Receipt{}, "ID")); diff != "" {
		t.Errorf("receipts (-want +got):\n%s", diff)
	}
	checkReport(t, "third pass", filedrop.Report{}, f.poll(p))
}

func refusesABadFile(t *testing.T, f *fixture) {
	p := f.poller(stock{known: map[string]bool{"dc-1": true}}.handle)
	// The first row is good and written before the bad ones are read;
	// refusing the file undoes it.
	f.drop("bad.csv", "location,sku,on_hand\ndc-1,TEE,1\ndc-9,CAP,2\ndc-1,MUG,lots\n"+
		"dc-1,PEN\n")
	f.poll(p)
	checkReport(t, "second pass", filedrop.Report{Rejected: []string{"bad.csv"}}, f.poll(p))
	checkFiles(t, f, "error/bad.csv", "error/bad.csv.errors.txt")
	checkLevels(t, f, nil)
	reasons := []string{
		`line 3: column "location": "dc-9" is not a location Ordo knows`,
		`line 4: column "on_hand": found "lots"; want a whole number`,
		"line 5: has 2 fields; want 3 as the header has",
	}
	if got := f.read("error/bad.csv.errors.txt"); got != strings.Join(reasons, "\n")+"\n" {
		t.Errorf("error/bad.csv.errors.txt holds:\n%s\nwant:\n%s", got,
			strings.Join(reasons, "\n"))
	}
	rs := f.receipts()
	if len(rs) != 1 || rs[0].State != filedrop.StateError ||
		rs[0].MovedTo != "error/bad.csv" {
		t.Fatalf("receipts are %+v; want one in error, moved to error/bad.csv", rs)
	}
	if diff := cmp.Diff(reasons, rs[0].Reasons); diff != "" {
		t.Errorf("reasons (-want +got):\n%s", diff)
	}
}

func waitsForAFileBeingWritten(t *testing.T, f *fixture) {
	p := f.poller(stock{}.handle)
	first, rest, _ := strings.Cut(snapshot, "dc-1,CAP")
	f.drop("a.csv", first)
	checkReport(t, "first pass", filedrop.Report{Waiting: []string{"a.csv"}}, f.poll(p))

	// More is written, as a slow upload does.
	file, err := os.OpenFile(filepath.Join(f.path, "a.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := file.WriteString("dc-1,CAP" + rest); err != nil {
		t.Fatal(err)
	}
	file.Close()
	f.touch("a.csv", f.now.Add(-30*time.Minute))
	checkReport(t, "pass after a write", filedrop.Report{Waiting: []string{"a.csv"}},
		f.poll(p))
	checkLevels(t, f, nil)

	checkReport(t, "pass after none", filedrop.Report{Done: []string{"a.csv"}}, f.poll(p))
	checkLevels(t, f, snapshotLevels("a.csv"))
}

func waitsForTheSettleTime(t *testing.T, f *fixture) {
	p := f.poller(stock{}.handle)
	p.Settle = 90 * time.Minute
	f.drop("a.csv", snapshot)
	f.poll(p)
	checkReport(t, "an hour after the write", filedrop.Report{Waiting: []string{"a.csv"}},
		f.poll(p))
	f.now = f.now.Add(30 * time.Minute)
	checkReport(t, "ninety minutes after", filedrop.Report{Done: []string{"a.csv"}},
		f.poll(p))
}

func leavesUploadsAndOtherNames(t *testing.T, f *fixture) {
	p := f.poller(stock{}.handle)
	names := []string{".a.csv", "a.csv.part", "a.csv.tmp", "b.tmp", "notes.txt"}
	for _, n := range names {
		f.drop(n, snapshot)
	}
	checkReport(t, "first pass", filedrop.Report{}, f.poll(p))
	checkReport(t, "second pass", filedrop.Report{}, f.poll(p))
	checkFiles(t, f, names...)
}

func appliesContentOnce(t *testing.T, f *fixture) {
	p := f.poller(stock{}.handle)
	f.drop("a.csv", snapshot)
	f.poll(p)
	f.poll(p)
	f.now = f.now.Add(time.Minute)
	f.drop("b.csv", snapshot)
	f.poll(p)
	checkReport(t, "pass over the same content", filedrop.Report{
		Duplicate: []string{"b.csv"}}, f.poll(p))
	checkFiles(t, f, "done/a.csv", "done/b.csv")
	checkLevels(t, f, snapshotLevels("a.csv"))

	rs := f.receipts()
	if len(rs) != 2 {
		t.Fatalf("%d receipts; want 2", len(rs))
	}
	if rs[1].DuplicateOf != rs[0].ID || rs[1].State != filedrop.StateDone ||
		rs[1].SHA256 != rs[0].SHA256 || rs[1].MovedTo != "done/b.csv" {
		t.Errorf("receipt of b.csv is %+v; want a duplicate of %s, done", rs[1], rs[0].ID)
	}
	wantNote := "same content as a.csv, taken 2026-12-01 10:00:00 UTC (receipt " +
		rs[0].ID + "); not applied again"
	if rs[1].Note != wantNote {
		t.Errorf("note is %q; want %q", rs[1].Note, wantNote)
	}
}

func keepsEarlierFilesOfTheSameName(t *testing.T, f *fixture) {
	p := f.poller(stock{}.handle)
	f.drop("stock.csv", snapshot)
	f.poll(p)
	f.poll(p)
	f.drop("stock.csv", "location,sku,on_hand\ndc-2,TEE,5\n")
	f.poll(p)
	checkReport(t, "pass over new content", filedrop.Report{
		Done: []string{"stock.csv"}}, f.poll(p))
	checkFiles(t, f, "done/stock-20261201T100000Z.csv", "done/stock.csv")
	if got := f.read("done/stock.csv"); got != snapshot {
		t.Errorf("done/stock.csv holds %q; want the first file, %q", got, snapshot)
	}
}

// renameFails is a Dir whose renames fail a number of times, as when the
// connection or the process dies after a file's receipt was committed.
type renameFails struct {
	filedrop.Dir
	times int
}

func (d *renameFails) Rename(ctx context.Context, oldname, newname string) error {
	if d.times > 0 {
		d.times--
		return errors.New("connection lost")
	}
	return d.Dir.Rename(ctx, oldname, newname)
}

func movesAFileTakenBeforeACrash(t *testing.T, f *fixture) {
	p := f.poller(stock{}.handle)
	p.Dir = &renameFails{Dir: f.dir, times: 1}
	f.drop("a.csv", snapshot)
	f.poll(p)
	rep, err := p.Poll(context.Background())
	if err == nil || !strings.Contains(err.Error(), "connection lost") {
		t.Errorf("pass that cannot move returned %v; want the rename's error", err)
	}
	checkReport(t, "pass that cannot move", filedrop.Report{Failed: []string{"a.csv"}},
		rep)
	checkFiles(t, f, "a.csv")
	checkLevels(t, f, snapshotLevels("a.csv"))

	// A new process: its poller has seen nothing yet. Meanwhile the party
	// has uploaded the same file again.
	p = f.poller(stock{}.handle)
	f.touch("a.csv", f.now.Add(-10*time.Minute))
	f.poll(p)
	checkReport(t, "pass after the restart", filedrop.Report{Done: []string{"a.csv"}},
		f.poll(p))
	checkFiles(t, f, "done/a.csv")
	checkLevels(t, f, snapshotLevels("a.csv"))
	if rs := f.receipts(); len(rs) != 1 || rs[0].MovedTo != "done/a.csv" {
		t.Errorf("receipts are %+v; want one, moved to done/a.csv", rs)
	}
}

// rewriter is a Dir into which a party writes a file anew just after it
// was read.
type rewriter struct {
	filedrop.Dir
	f       *fixture
	content string
}

func (d *rewriter) ReadFile(ctx context.Context, name string) ([]byte, error) {
	b, err := d.Dir.ReadFile(ctx, name)
	if d.content != "" {
		d.f.drop(name, d.content)
		d.f.touch(name, d.f.now.Add(-30*time.Minute))
		d.content = ""
	}
	return b, err
}

func takesAFileWrittenAgain(t *testing.T, f *fixture) {
	p := f.poller(stock{}.handle)
	p.Dir = &rewriter{Dir: f.dir, f: f, content: "location,sku,on_hand\ndc-2,TEE,7\n"}
	f.drop("a.csv", snapshot)
	f.poll(p)
	rep, err := p.Poll(context.Background())
	want := "filedrop: take a.csv: filedrop: a.csv was written again after it was read; " +
		"the new file is taken on a later pass"
	if err == nil || err.Error() != want {
		t.Errorf("pass returned %v; want %s", err, want)
	}
	checkReport(t, "pass that reads the first file", filedrop.Report{
		Failed: []string{"a.csv"}}, rep)

	checkReport(t, "pass that sees the new file", filedrop.Report{
		Waiting: []string{"a.csv"}}, f.poll(p))
	checkReport(t, "pass that takes it", filedrop.Report{Done: []string{"a.csv"}}, f.poll(p))
	checkFiles(t, f, "done/a.csv")
	first := snapshotLevels("a.csv")
	checkLevels(t, f, []level{first[0],
		{File: "a.csv", Line: 2, Location: "dc-2", SKU: "TEE", OnHand: 7}, first[1]})
}

func leavesAFileWhenTheHandlerFails(t *testing.T, f *fixture) {
	leavesAFile(t, f, func(ctx context.Context, q *store.Tx, file filedrop.File) error {
		if err := (stock{}).handle(ctx, q, file); err != nil {
			return err
		}
		return errors.New("catalogue unavailable")
	}, "filedrop: take a.csv: filedrop: handle a.csv: catalogue unavailable")
}

func leavesAFileWhenTheHandlerPanics(t *testing.T, f *fixture) {
	leavesAFile(t, f, func(context.Context, *store.Tx, filedrop.File) error {
		panic("nil map")
	}, "filedrop: take a.csv: filedrop: handle a.csv: filedrop: handler panicked: nil map")
}

// leavesAFile checks that a file whose handler fails with the error want
// is left for the next pass, with nothing of it written.
func leavesAFile(t *testing.T, f *fixture, h filedrop.Handler, want string) {
	p := f.poller(h)
	f.drop("a.csv", snapshot)
	f.poll(p)
	rep, err := p.Poll(context.Background())
	if err == nil || err.Error() != want {
		t.Errorf("pass returned %v; want %s", err, want)
	}
	checkReport(t, "failing pass", filedrop.Report{Failed: []string{"a.csv"}}, rep)
	checkFiles(t, f, "a.csv")
	checkLevels(t, f, nil)
	if rs := f.receipts(); len(rs) != 0 {
		t.Errorf("receipts are %+v; want none", rs)
	}

	p.Handle = stock{}.handle
	checkReport(t, "next pass", filedrop.Report{Done: []string{"a.csv"}}, f.poll(p))
}

func takesARefusedFileAgain(t *testing.T, f *fixture) {
	known := map[string]bool{}
	p := f.poller(stock{known: known}.handle)
	f.drop("a.csv", snapshot)
	f.poll(p)
	checkReport(t, "unknown location", filedrop.Report{Rejected: []string{"a.csv"}},
		f.poll(p))

	// The operator adds the location and moves the file back.
	known["dc-1"] = true
	if err := os.Rename(filepath.Join(f.path, "error", "a.csv"),
		filepath.Join(f.path, "a.csv")); err != nil {
		t.Fatal(err)
	}
	f.poll(p)
	checkReport(t, "known location", filedrop.Report{Done: []string{"a.csv"}}, f.poll(p))
	checkLevels(t, f, snapshotLevels("a.csv"))
	checkFiles(t, f, "done/a.csv", "error/a.csv.errors.txt")
}

func refusesALargeFile(t *testing.T, f *fixture) {
	p := f.poller(stock{}.handle)
	p.MaxSize = 16
	f.drop("a.csv", snapshot)
	f.poll(p)
	checkReport(t, "second pass", filedrop.Report{Rejected: []string{"a.csv"}}, f.poll(p))
	want := "the file is 44 bytes; files of up to 16 bytes are read\n"
	if got := f.read("error/a.csv.errors.txt"); got != want {
		t.Errorf("errors file holds %q; want %q", got, want)
	}
}

func TestPollChecksItsSettings(t *testing.T) {
	p := &filedrop.Poller{Pattern: "[*.csv"}
	_, err := p.Poll(context.Background())
	want := []string{
		"filedrop: poller: Source is missing",
		"filedrop: poller: Dir is missing",
		"filedrop: poller: Handle is missing",
		"filedrop: poller: Batcher is missing",
		`filedrop: poller: Pattern "[*.csv": syntax error in pattern`,
	}
	var got []string
	if err != nil {
		got = strings.Split(err.Error(), "\n")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
