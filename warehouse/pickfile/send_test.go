package pickfile_test

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/pickfile"
)

// pickColumns are a 3PL's own names for the columns of a pick file.
var pickColumns = config.PickColumns{Reference: "Ref", OrderID: "Order", LineID: "Line",
	SKU: "Article", Quantity: "Qty", Carrier: "Carrier", Method: "Service",
	ShipBy: "Ship before", Name: "Name", Company: "Company", Line1: "Street",
	Line2: "Street 2", Postcode: "Zip", City: "City", Country: "Country", Phone: "Phone"}

func TestPickFileHasARowPerLineInTheConfiguredColumns(t *testing.T) {
	root := t.TempDir()
	c := connector(t, pickfile.Static(filedrop.LocalDir(root)), ";", pickColumns)
	second := release("r-1", line("o-2", "l-1", "MUG", 3))
	second.ShipTo.Company = "Acme; B.V."
	send(t, c, release("r-2", line("o-1", "l-1", "TEE-BLK-M", 2),
		line("o-1", "l-2", "CAP-RED", 1)), second)

	got := files(t, root)
	if len(got) != 1 || !regexp.MustCompile(`^picks/picks-r-1-[0-9a-f]{12}\.csv$`).
		MatchString(got[0]) {
		t.Fatalf("files %v; want one picks/picks-r-1-HASH.csv", got)
	}
	want := "Ref;Order;Line;Article;Qty;Carrier;Service;Ship before;Name;Company;Street;" +
		"Street 2;Zip;City;Country;Phone\n" +
		"r-2;o-1;l-1;TEE-BLK-M;2;dhl;standard;2026-12-04T16:00:00Z;Anna de Vries;;" +
		"Oudegracht 12;;3511 AB;Utrecht;NL;+31 30 123 4567\n" +
		"r-2;o-1;l-2;CAP-RED;1;dhl;standard;2026-12-04T16:00:00Z;Anna de Vries;;" +
		"Oudegracht 12;;3511 AB;Utrecht;NL;+31 30 123 4567\n" +
		"r-1;o-2;l-1;MUG;3;dhl;standard;2026-12-04T16:00:00Z;Anna de Vries;\"Acme; B.V.\";" +
		"Oudegracht 12;;3511 AB;Utrecht;NL;+31 30 123 4567\n"
	if content := read(t, filepath.Join(root, got[0])); content != want {
		t.Errorf("pick file:\n%s\nwant:\n%s", content, want)
	}
}

func TestSameBatchSentAgainReplacesItsFile(t *testing.T) {
	root := t.TempDir()
	c := connector(t, pickfile.Static(filedrop.LocalDir(root)), ",", pickColumns)
	a := release("r-1", line("o-1", "l-1", "TEE", 1))
	b := release("r-2", line("o-2", "l-1", "CAP", 1))
	send(t, c, a, b)
	first := files(t, root)
	send(t, c, a, b)
	send(t, c, b, a)
	if got := files(t, root); !slices.Equal(got, first) || len(got) != 1 {
		t.Errorf("files after sending the batch thrice %v; want the one file %v", got, first)
	}
	send(t, c, a)
	if got := files(t, root); len(got) != 2 {
		t.Errorf("files after sending another batch %v; want a second file", got)
	}
}

func TestCancelFileHasARowPerLineUnderTheFulfilmentID(t *testing.T) {
	root := t.TempDir()
	c := connector(t, pickfile.Static(filedrop.LocalDir(root)), ";", pickColumns)
	send(t, c, cancel("f-2", "o-2", line("o-2", "l-1", "TEE", 2), line("o-2", "l-2", "CAP", 1)),
		release("r-1", line("o-1", "l-1", "TEE", 1)), cancel("f-1", "o-1"))
	got := files(t, root)
	if len(got) != 2 || !strings.HasPrefix(got[0], "picks/cancel-f-1_cancel_o-1-") ||
		!strings.HasPrefix(got[1], "picks/picks-r-1-") {
		t.Fatalf("files %v; want a cancel file named after the cancels and a pick file", got)
	}
	want := "Ref;Order;Line;Article;Qty\n" +
		"f-2;o-2;l-1;TEE;2\n" +
		"f-2;o-2;l-2;CAP;1\n" +
		"f-1;;;;\n"
	if content := read(t, filepath.Join(root, got[0])); content != want {
		t.Errorf("cancel file:\n%s\nwant:\n%s", content, want)
	}

	// The same cancels sent again, in another order, replace the file.
	send(t, c, cancel("f-1", "o-1"),
		cancel("f-2", "o-2", line("o-2", "l-1", "TEE", 2), line("o-2", "l-2", "CAP", 1)))
	if again := files(t, root); !slices.Equal(again, got) {
		t.Errorf("files after sending the cancels again %v; want %v", again, got)
	}
}

func TestTextThatASpreadsheetWouldRunIsQuoted(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"formula", `=HYPERLINK("http://evil.example","x")`, `'=HYPERLINK("http://evil.example","x")`},
		{"plus", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"minus", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"at", "@SUM(1+1)", "'@SUM(1+1)"},
		{"tab", "\t=1+1", "'\t=1+1"},
		{"phone number", "+31 (0)30 123-4567", "+31 (0)30 123-4567"},
		{"negative number", "-12.5", "-12.5"},
		{"sign alone", "-", "'-"},
		{"equals inside", "a=b", "a=b"},
	}
	root := t.TempDir()
	c := connector(t, pickfile.Static(filedrop.LocalDir(root)), ",", defaultFiles().PickColumns)
	var batch []warehouse.Instruction
	for _, tt := range tests {
		in := release(tt.name, line("o-1", "l-1", tt.in, 1))
		in.ShipTo.Name = tt.in
		batch = append(batch, in)
	}
	send(t, c, batch...)

	names := files(t, root)
	rows, err := csv.NewReader(strings.NewReader(read(t, filepath.Join(root, names[0])))).
		ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		row := rows[i+1]
		if sku, name := row[3], row[8]; sku != tt.want || name != tt.want {
			t.Errorf("%s: %q written as SKU %q and name %q; want %q", tt.name, tt.in, sku,
				name, tt.want)
		}
	}
}

func TestBatchNoFileCanCarryIsRefusedForGood(t *testing.T) {
	tests := []struct {
		name string
		in   warehouse.Instruction
		want string
	}{
		{"release without lines", release("r-1"), "releases no lines"},
		{"unknown kind", warehouse.Instruction{Reference: "r-1", Kind: "return"},
			`kind "return"`},
		{"no reference", warehouse.Instruction{Kind: warehouse.KindCancel}, "no reference"},
		{"cancel without fulfilment id", warehouse.Instruction{Reference: "c-1",
			Kind: warehouse.KindCancel}, "no fulfilment id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			c := connector(t, pickfile.Static(filedrop.LocalDir(root)), ",", pickColumns)
			good := release("r-0", line("o-1", "l-1", "TEE", 1))
			_, err := c.Send(context.Background(), []warehouse.Instruction{good, tt.in})
			if !warehouse.IsPermanent(err) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Send: %v; want a permanent error saying %q", err, tt.want)
			}
			if got := files(t, root); len(got) != 0 {
				t.Errorf("files %v after a refused batch; want none", got)
			}
		})
	}
}

// link is a connection to a local directory whose writes fail while
// breaks is above zero, as those of a dropped SFTP connection do. It
// counts what is done with it.
type link struct {
	filedrop.LocalDir
	stats *linkStats
}

var _ filedrop.Dir = link{}

type linkStats struct {
	root                          string
	breaks, dials, closes, mkdirs int
	dialErr                       error
}

func (s *linkStats) dial(ctx context.Context) (filedrop.Dir, io.Closer, error) {
	s.dials++
	if s.dialErr != nil {
		return nil, nil, s.dialErr
	}
	l := link{LocalDir: filedrop.LocalDir(s.root), stats: s}
	return l, l, nil
}

func (l link) WriteFile(ctx context.Context, name string, data []byte) error {
	if l.stats.breaks > 0 {
		l.stats.breaks--
		return errors.New("connection lost")
	}
	return l.LocalDir.WriteFile(ctx, name, data)
}

func (l link) MkdirAll(ctx context.Context, name string) error {
	l.stats.mkdirs++
	return l.LocalDir.MkdirAll(ctx, name)
}

func (l link) Close() error {
	l.stats.closes++
	return nil
}

func TestFailedSendDialsAgainNextTime(t *testing.T) {
	root := t.TempDir()
	s := &linkStats{root: root, breaks: 1}
	c := connector(t, s.dial, ",", pickColumns)
	batch := []warehouse.Instruction{release("r-1", line("o-1", "l-1", "TEE", 1))}

	_, err := c.Send(context.Background(), batch)
	if err == nil || warehouse.IsPermanent(err) || !strings.Contains(err.Error(), "connection lost") {
		t.Fatalf("Send over a broken connection: %v; want an error to retry", err)
	}
	if s.dials != 1 || s.closes != 1 {
		t.Errorf("after the failure: %d dials, %d closes; want 1 and 1", s.dials, s.closes)
	}
	send(t, c, batch...)
	send(t, c, batch...)
	if s.dials != 2 || s.closes != 1 || s.mkdirs != 2 {
		t.Errorf("after two more sends: %d dials, %d closes, %d directories made; "+
			"want 2, 1 and 2 (once per connection)", s.dials, s.closes, s.mkdirs)
	}
	if got := files(t, root); len(got) != 1 {
		t.Errorf("files %v; want the one pick file, with no temporary file left", got)
	}

	s.dialErr = errors.New("no route to host")
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(context.Background(), batch); err == nil ||
		warehouse.IsPermanent(err) {
		t.Errorf("Send when dialling fails: %v; want an error to retry", err)
	}
}

func TestNewNamesWhatIsWrong(t *testing.T) {
	cols := pickColumns
	cols.Phone, cols.City = "", "Street"
	_, err := pickfile.New(pickfile.Options{Picks: "../picks", Delimiter: `"`, Columns: cols})
	for _, want := range []string{"Location is missing", "Dial is missing",
		`Picks "../picks"`, `delimiter "\""`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New: %v; want it to say %s", err, want)
		}
	}
	_, err = pickfile.New(pickfile.Options{Location: "tpl", Delimiter: ";",
		Dial: pickfile.Static(filedrop.LocalDir(t.TempDir())), Columns: cols})
	for _, want := range []string{"phone is empty", `"Street" names both line1 and city`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New: %v; want it to say %s", err, want)
		}
	}
}

func TestBatchLargerThanBatchSizeIsRefused(t *testing.T) {
	c := connector(t, pickfile.Static(filedrop.LocalDir(t.TempDir())), ",", pickColumns)
	batch := make([]warehouse.Instruction, c.BatchSize()+1)
	for i := range batch {
		batch[i] = cancel(fmt.Sprintf("f-%d", i), "o-1")
	}
	if _, err := c.Send(context.Background(), batch); !warehouse.IsPermanent(err) {
		t.Errorf("Send of %d instructions: %v; want a permanent error", len(batch), err)
	}
}
