package pickfile_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/filedrop/sftptest"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/pickfile"
)

// site is where Ordo and the 3PL exchange files.
type site struct {
	// root is the directory on the local file system.
	root string
	// dial connects to root, as the connector does.
	dial pickfile.DialFunc
	// open returns an existing directory inside root as a Dir of its own.
	open func(t *testing.T, name string) filedrop.Dir
}

func localSite(t *testing.T) site {
	root := t.TempDir()
	return site{root: root, dial: pickfile.Static(filedrop.LocalDir(root)),
		open: func(t *testing.T, name string) filedrop.Dir {
			return filedrop.LocalDir(filepath.Join(root, name))
		}}
}

func TestRoundTripWithTheThirdParty(t *testing.T) {
	roundTrip(t, localSite(t))
}

func TestRoundTripOverSFTP(t *testing.T) {
	srv := sftptest.Start(t)
	roundTrip(t, site{root: srv.Dir, dial: pickfile.DialSFTP(srv.Options()),
		open: func(t *testing.T, name string) filedrop.Dir {
			opts := srv.Options()
			opts.Dir = filepath.Join(srv.Dir, name)
			c, err := filedrop.Dial(context.Background(), opts)
			if err != nil {
				t.Fatalf("dial %s: %v", name, err)
			}
			t.Cleanup(func() { c.Close() })
			return c
		}})
}

// roundTrip sends releases and cancels to the third party, lets it answer,
// and takes its status files with a poller.
func roundTrip(t *testing.T, s site) {
	cfg := defaultFiles()
	c := connector(t, s.dial, cfg.Delimiter, cfg.PickColumns)
	send(t, c, release("r-1", line("o-1", "l-1", "TEE", 2), line("o-1", "l-2", "CAP", 1)),
		release("r-2", line("o-2", "l-1", "MUG", 1)))
	if fi, err := os.Stat(filepath.Join(s.root, "picks")); err != nil || !fi.IsDir() {
		t.Fatalf("no picks directory after the first send: %v", err)
	}
	if err := os.Mkdir(filepath.Join(s.root, "statuses"), 0o755); err != nil {
		t.Fatal(err)
	}
	statuses := s.open(t, "statuses")
	tp := &pickfile.ThirdParty{Picks: s.open(t, "picks"), Statuses: statuses,
		Delimiter: cfg.Delimiter, PickColumns: cfg.PickColumns,
		StatusColumns: cfg.StatusColumns, Now: func() time.Time { return at }}
	work(t, tp, 2)

	// A connection closed between sends is dialled again. A release sent
	// again is not shipped again; a cancel is too late once shipped. A
	// cancel of a release not worked yet, or never sent, stops it.
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	send(t, c, release("r-1", line("o-1", "l-1", "TEE", 2), line("o-1", "l-2", "CAP", 1)))
	send(t, c, cancel("r-2", "o-2", line("o-2", "l-1", "MUG", 1)),
		cancel("r-3", "o-3", line("o-3", "l-1", "TEE", 1)), cancel("r-4", "o-4"))
	send(t, c, release("r-3", line("o-3", "l-1", "TEE", 1)))
	work(t, tp, 3)
	if got := files(t, filepath.Join(s.root, "picks")); len(got) != 4 ||
		!strings.HasPrefix(got[0], "done/") || !strings.HasPrefix(got[3], "done/") {
		t.Errorf("picks directory holds %v; want the four files in done/", got)
	}

	var col collector
	p := &filedrop.Poller{Source: "tpl-statuses", Dir: statuses, Pattern: "*.csv",
		Handle:  handler(t, cfg.Delimiter, cfg.StatusColumns, col.apply),
		Batcher: batcher(t), Log: slog.New(slog.DiscardHandler)}
	if done := pollAll(t, p); len(done) != 5 {
		t.Errorf("poller took %v; want the five status files", done)
	}
	want := []string{
		"r-1 PACKED", "r-1 PICKED", "r-1 SHIPPED r-1-1 dhl o-1/l-1×2 o-1/l-2×1",
		"r-2 PACKED", "r-2 PICKED", "r-2 SHIPPED r-2-1 dhl o-2/l-1×1", "r-2 TOO_LATE",
		"r-3 CANCELLED", "r-4 CANCELLED",
	}
	if diff := cmp.Diff(want, summaries(t, col.got())); diff != "" {
		t.Errorf("updates mismatch (-want +got):\n%s", diff)
	}
	mapped := map[string]bool{}
	for _, sc := range pickfile.ThirdPartyStatuses() {
		mapped[sc.Code] = true
	}
	for _, u := range col.got() {
		if !mapped[u.Code] {
			t.Errorf("code %s of the third party is not in ThirdPartyStatuses", u.Code)
		}
	}
}

// work lets the third party work and checks how many status files it
// wrote.
func work(t *testing.T, tp *pickfile.ThirdParty, want int) {
	t.Helper()
	n, err := tp.Work(context.Background())
	if err != nil {
		t.Fatalf("Work: %v", err)
	}
	if n != want {
		t.Errorf("Work wrote %d status files; want %d", n, want)
	}
}

// batcher returns a batcher on a new SQLite database.
func batcher(t *testing.T) *store.Batcher {
	b := store.NewBatcher(storetest.Open(t, store.SQLite), store.BatchOptions{})
	t.Cleanup(b.Close)
	return b
}

// pollAll makes passes until none finds a file waiting to settle, at most
// three, and returns the files applied.
func pollAll(t *testing.T, p *filedrop.Poller) []string {
	t.Helper()
	var done []string
	for range 3 {
		rep, err := p.Poll(context.Background())
		if err != nil {
			t.Fatalf("poll: %v", err)
		}
		if len(rep.Rejected) > 0 {
			t.Errorf("poller refused %v", rep.Rejected)
		}
		done = append(done, rep.Done...)
		if len(rep.Waiting) == 0 {
			break
		}
	}
	return done
}

// summaries describes updates as "REFERENCE CODE" and, for each parcel,
// its id, carrier and lines, sorted. It checks that each was made at the
// third party's time, that their event ids differ, and that each parcel's
// tracking URL ends in its tracking number.
func summaries(t *testing.T, us []warehouse.StatusUpdate) []string {
	t.Helper()
	var out []string
	ids := map[string]bool{}
	for _, u := range us {
		if !u.At.Equal(at) || u.EventID == "" || ids[u.EventID] {
			t.Errorf("%s %s at %s with event id %q; want %s and an id of its own",
				u.Reference, u.Code, u.At, u.EventID, at)
		}
		ids[u.EventID] = true
		s := u.Reference + " " + u.Code
		for _, p := range u.Parcels {
			if p.TrackingNumber == "" || !strings.HasSuffix(p.TrackingURL, p.TrackingNumber) {
				t.Errorf("parcel %s tracked as %q at %q", p.ID, p.TrackingNumber, p.TrackingURL)
			}
			s += fmt.Sprintf(" %s %s", p.ID, p.Carrier)
			for _, l := range p.Lines {
				s += fmt.Sprintf(" %s/%s×%d", l.OrderID, l.LineID, l.Quantity)
			}
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func TestBadStatusFileGoesToErrorWithItsProblems(t *testing.T) {
	s := localSite(t)
	cfg := defaultFiles()
	bad := "reference,status,at\nr-1,SHIPPED,tomorrow\n"
	if err := os.WriteFile(filepath.Join(s.root, "status-1.csv"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	var col collector
	p := &filedrop.Poller{Source: "tpl-statuses", Dir: s.open(t, "."), Pattern: "*.csv",
		Handle:  handler(t, cfg.Delimiter, cfg.StatusColumns, col.apply),
		Batcher: batcher(t), Log: slog.New(slog.DiscardHandler)}
	for range 2 {
		if _, err := p.Poll(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	reasons := read(t, filepath.Join(s.root, "error", "status-1.csv.errors.txt"))
	if want := `line 2: column "at": "tomorrow" is not a time`; !strings.Contains(reasons, want) {
		t.Errorf("reasons beside the refused file:\n%s\nwant them to say %s", reasons, want)
	}
	if got := col.got(); len(got) != 0 {
		t.Errorf("applied %v from a refused file; want nothing", got)
	}
}

func TestThirdPartyPutsAPickFileItCannotReadInError(t *testing.T) {
	s := localSite(t)
	cfg := defaultFiles()
	for _, dir := range []string{"picks", "statuses"} {
		if err := os.Mkdir(filepath.Join(s.root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bad := filepath.Join(s.root, "picks", "picks-x.csv")
	if err := os.WriteFile(bad, []byte("reference,sku\nr-1,TEE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tp := &pickfile.ThirdParty{Picks: s.open(t, "picks"), Statuses: s.open(t, "statuses"),
		PickColumns: cfg.PickColumns, StatusColumns: cfg.StatusColumns}
	n, err := tp.Work(context.Background())
	if n != 0 || err == nil || !strings.Contains(err.Error(), `column "order_id": missing`) {
		t.Errorf("Work: %d, %v; want no status file and the missing columns", n, err)
	}
	if got := files(t, s.root); !slices.Equal(got, []string{"picks/error/picks-x.csv"}) {
		t.Errorf("files %v; want only the pick file, in error/", got)
	}
}

func TestThirdPartyCancelsWhatItHasNotShipped(t *testing.T) {
	s := localSite(t)
	cfg := defaultFiles()
	c := connector(t, s.dial, ";", pickColumns)
	if err := os.Mkdir(filepath.Join(s.root, "statuses"), 0o755); err != nil {
		t.Fatal(err)
	}
	tp := &pickfile.ThirdParty{Picks: s.open(t, "picks"), Statuses: s.open(t, "statuses"),
		Delimiter: ";", PickColumns: pickColumns, StatusColumns: cfg.StatusColumns,
		Now: func() time.Time { return at }}
	send(t, c, release("f-1", line("o-1", "l-1", "TEE", 1)))
	work(t, tp, 1)
	emptyDir(t, filepath.Join(s.root, "statuses"))

	// f-1 is shipped; the pick file of f-2 comes after its cancel, in the
	// same pass; f-3 it never saw.
	send(t, c, cancel("f-1", "o-1", line("o-1", "l-1", "TEE", 1)),
		cancel("f-2", "o-2", line("o-2", "l-1", "CAP", 1)), cancel("f-3", "o-3"))
	send(t, c, release("f-2", line("o-2", "l-1", "CAP", 1)))
	work(t, tp, 3)
	want := []string{"f-1 TOO_LATE", "f-2 CANCELLED", "f-3 CANCELLED"}
	if diff := cmp.Diff(want, reports(t, filepath.Join(s.root, "statuses"))); diff != "" {
		t.Errorf("reports mismatch (-want +got):\n%s", diff)
	}
	emptyDir(t, filepath.Join(s.root, "statuses"))

	// A cancelled reference is not shipped when its release comes again,
	// nor one whose release comes after its cancel.
	send(t, c, release("f-2", line("o-2", "l-1", "CAP", 1)),
		release("f-3", line("o-3", "l-1", "MUG", 1)))
	work(t, tp, 0)
}

// emptyDir removes the files of dir.
func emptyDir(t *testing.T, dir string) {
	t.Helper()
	for _, name := range files(t, dir) {
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
}

// reports reads every status file in dir with the default status columns,
// as Ordo would, and describes each update as "REFERENCE CODE", sorted.
func reports(t *testing.T, dir string) []string {
	t.Helper()
	var col collector
	h := handler(t, ";", defaultFiles().StatusColumns, col.apply)
	for _, name := range files(t, dir) {
		err := h(context.Background(), nil, filedrop.File{Source: "tpl-statuses",
			Name: name, Data: []byte(read(t, filepath.Join(dir, name)))})
		if err != nil {
			t.Fatalf("status file %s: %v", name, err)
		}
	}
	var out []string
	for _, u := range col.got() {
		out = append(out, u.Reference+" "+u.Code)
	}
	slices.Sort(out)
	return out
}
