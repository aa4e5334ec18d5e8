package pickfile

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/warehouse"
)

// The status codes of ThirdParty, its own rather than Ordo's, as a real
// 3PL's would be.
const (
	codePicked    = "PICKED"
	codePacked    = "PACKED"
	codeShipped   = "SHIPPED"
	codeCancelled = "CANCELLED"
	codeTooLate   = "TOO_LATE"
)

// ThirdPartyStatuses maps the status codes of ThirdParty onto Ordo's, as
// the statuses setting of the location it plays must.
func ThirdPartyStatuses() []config.StatusCode {
	return []config.StatusCode{{Code: codePicked, Status: "picked"},
		{Code: codePacked, Status: "packed"}, {Code: codeShipped, Status: "shipped"},
		{Code: codeCancelled, Status: "cancelled"}, {Code: codeTooLate, Status: "too_late"}}
}

// ThirdParty plays a 3PL on the other side of a Connector, for the demo and
// for tests. Each call of Work takes the pick and cancel files waiting in
// Picks and answers each reference in them with a status file in Statuses.
// A reference of a pick file is picked, packed and shipped at once, in one
// parcel with carrier dhl, unless it was shipped or cancelled before. A
// reference of a cancel file, which is that of the pick file it stops, is
// answered TOO_LATE when it was shipped already and CANCELLED otherwise,
// even when no pick file of it has come yet; a cancelled reference is never
// shipped. Its status files carry the reference of the pick file and have
// no event ids, as many 3PLs' do not. A ThirdParty must not be copied once
// used.
//
// ThirdParty stops a reference whole, whichever lines its cancel file
// lists: it plays a 3PL that cancels orders rather than lines, so a cancel
// of one order in a fulfilment order that holds several stops the others
// too.
type ThirdParty struct {
	// Picks is the directory pick and cancel files are written to, and
	// Statuses the one status files are dropped in, which must exist. A
	// filedrop.Dir is one directory, so these are two.
	Picks, Statuses filedrop.Dir
	// Delimiter separates the columns of every file; empty means a comma.
	Delimiter string
	// PickColumns and StatusColumns name the columns as the Connector and
	// StatusHandler are told to.
	PickColumns   config.PickColumns
	StatusColumns config.StatusColumns
	// Now tells the time of each status; nil means time.Now.
	Now func() time.Time

	mu sync.Mutex // one Work at a time
	// fate holds what became of each reference worked: codeShipped or
	// codeCancelled.
	fate map[string]string
}

// Work takes the files waiting in Picks, oldest first (and, of files as
// old, cancel files before pick files), answers their references, and
// moves each file to done/. A file it
// cannot read is moved to error/ instead, and its problems are returned
// once the other files are done. It returns how many status files it
// wrote.
func (t *ThirdParty) Work(ctx context.Context) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	comma, err := delimiterRune(t.Delimiter)
	if err != nil {
		return 0, fmt.Errorf("pickfile: third party: %w", err)
	}
	if t.fate == nil {
		t.fate = map[string]string{}
	}
	entries, err := t.Picks.List(ctx)
	if errors.Is(err, fs.ErrNotExist) {
		// The connector makes Picks with its first file.
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("pickfile: third party: %w", err)
	}
	slices.SortFunc(entries, func(a, b filedrop.Entry) int {
		return cmp.Or(a.ModTime.Compare(b.ModTime), strings.Compare(a.Name, b.Name))
	})
	var written int
	var bad []error
	for _, e := range entries {
		kind, _, _ := strings.Cut(e.Name, "-")
		if (kind != "picks" && kind != "cancel") || path.Ext(e.Name) != ".csv" {
			continue
		}
		n, err := t.take(ctx, e.Name, kind, comma)
		written += n
		var refused *filedrop.Error
		switch {
		case errors.As(err, &refused):
			bad = append(bad, fmt.Errorf("pickfile: third party: %s: %w", e.Name, err))
		case err != nil:
			return written, fmt.Errorf("pickfile: third party: %s: %w", e.Name, err)
		}
	}
	return written, errors.Join(bad...)
}

// take answers the references of one file and moves it. It returns the
// *filedrop.Error of a file it cannot read, after moving it to error/.
func (t *ThirdParty) take(ctx context.Context, name, kind string, comma rune) (int, error) {
	data, err := t.Picks.ReadFile(ctx, name)
	if err != nil {
		return 0, err
	}
	m := filedrop.Mapping{Delimiter: comma, Header: true,
		Columns: map[string]string{fieldReference: t.PickColumns.Reference}}
	if kind == "picks" {
		m.Columns[fieldOrderID] = t.PickColumns.OrderID
		m.Columns[fieldLineID] = t.PickColumns.LineID
		m.Columns[fieldQuantity] = t.PickColumns.Quantity
	}
	refs, lines, readErr := readPicks(m, data)
	written := 0
	for _, ref := range refs {
		code, rows := t.respond(kind, ref, lines[ref])
		if rows == nil {
			continue
		}
		if err := t.answer(ctx, code, rows, comma); err != nil {
			return written, err
		}
		written++
	}
	to := "done"
	if readErr != nil {
		to = "error"
	}
	if err := t.Picks.MkdirAll(ctx, to); err != nil {
		return written, err
	}
	if err := t.Picks.Rename(ctx, name, path.Join(to, name)); err != nil {
		return written, err
	}
	return written, readErr
}

// readPicks returns the references of a pick or cancel file in the order
// it lists them and, for a pick file, the lines of each. A cancel file's
// rows are matched by their reference alone.
func readPicks(m filedrop.Mapping, data []byte) ([]string, map[string][]warehouse.Line,
	error) {
	r := filedrop.NewReader(bytes.NewReader(data), m)
	_, pick := m.Columns[fieldOrderID]
	var refs []string
	lines := map[string][]warehouse.Line{}
	seen := map[string]bool{}
	for rec := range r.Records() {
		ref := rec.Get(fieldReference)
		if ref == "" {
			rec.Fail(fieldReference, "is empty")
		}
		if !seen[ref] {
			seen[ref] = true
			refs = append(refs, ref)
		}
		if pick {
			lines[ref] = append(lines[ref], warehouse.Line{OrderID: rec.Get(fieldOrderID),
				LineID: rec.Get(fieldLineID), Quantity: rec.Int(fieldQuantity)})
		}
	}
	if err := r.Err(); err != nil {
		return nil, nil, err
	}
	return refs, lines, nil
}

// respond returns the status rows that answer a reference of a picks or
// cancel file, and the code of the last; none for a pick file's reference
// that was shipped or cancelled before.
func (t *ThirdParty) respond(kind, ref string, lines []warehouse.Line) (string, []statusRow) {
	fate, worked := t.fate[ref]
	switch {
	case kind == "picks" && !worked:
		t.fate[ref] = codeShipped
		return codeShipped, shipRows(ref, lines)
	case kind == "cancel" && fate == codeShipped:
		return codeTooLate, []statusRow{{reference: ref, status: codeTooLate}}
	case kind == "cancel":
		t.fate[ref] = codeCancelled
		return codeCancelled, []statusRow{{reference: ref, status: codeCancelled}}
	}
	return "", nil
}

// statusRow is a row of a status file of ThirdParty.
type statusRow struct {
	reference, status, parcel, carrier, trackingNumber, trackingURL string
	orderID, lineID, quantity                                       string
}

// shipRows returns the status rows of a release: picked, packed, and
// shipped with a row for each line of its one parcel.
func shipRows(ref string, lines []warehouse.Line) []statusRow {
	sum := sha256.Sum256([]byte(ref))
	tracking := "DHL" + strings.ToUpper(hex.EncodeToString(sum[:5]))
	url := "https://track.example.com/dhl/" + tracking
	rows := []statusRow{{reference: ref, status: codePicked},
		{reference: ref, status: codePacked}}
	for _, l := range lines {
		rows = append(rows, statusRow{reference: ref, status: codeShipped,
			parcel: ref + "-1", carrier: "dhl", trackingNumber: tracking, trackingURL: url,
			orderID: l.OrderID, lineID: l.LineID, quantity: strconv.FormatInt(l.Quantity, 10)})
	}
	return rows
}

// answer writes a status file of rows, named after the code of the last
// and the reference, so that a later answer to the same reference does not
// replace one not yet taken. Every row has the time of now.
func (t *ThirdParty) answer(ctx context.Context, code string, rows []statusRow,
	comma rune) error {
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	at := now().UTC().Format(time.RFC3339)
	c := t.StatusColumns
	out := [][]string{{c.Reference, c.Status, c.At, c.Parcel, c.Carrier, c.TrackingNumber,
		c.TrackingURL, c.OrderID, c.LineID, c.Quantity}}
	for _, r := range rows {
		out = append(out, []string{r.reference, r.status, at, r.parcel, r.carrier,
			r.trackingNumber, r.trackingURL, r.orderID, r.lineID, r.quantity})
	}
	data, err := format{comma: comma}.write(out)
	if err != nil {
		return err
	}
	name := fileName(strings.ToLower(code), []string{rows[0].reference})
	return filedrop.Put(ctx, t.Statuses, name, data)
}
