package pickfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/warehouse"
)

// format is how pick and cancel files are written: the delimiter and the
// names of the columns.
type format struct {
	comma rune
	cols  config.PickColumns
}

// file is a pick or cancel file to write into the picks directory.
type file struct {
	name string
	data []byte
}

// pickSettings names the columns of a pick file in the order they are
// written, as the configuration calls them.
var pickSettings = []string{"reference", "order_id", "line_id", "sku", "quantity",
	"carrier", "method", "ship_by", "name", "company", "line1", "line2", "postcode",
	"city", "country", "phone"}

// header returns the names of a pick file's columns, in the order of
// pickSettings.
func (f format) header() []string {
	c := f.cols
	return []string{c.Reference, c.OrderID, c.LineID, c.SKU, c.Quantity, c.Carrier,
		c.Method, c.ShipBy, c.Name, c.Company, c.Line1, c.Line2, c.Postcode, c.City,
		c.Country, c.Phone}
}

// newFormat checks the delimiter and the column names of pick files.
func newFormat(delimiter string, cols config.PickColumns) (format, error) {
	comma, err := delimiterRune(delimiter)
	f := format{comma: comma, cols: cols}
	errs := []error{err}
	seen := map[string]string{}
	for i, name := range f.header() {
		key := strings.ToLower(strings.TrimSpace(name))
		switch other, dup := seen[key]; {
		case key == "":
			errs = append(errs, fmt.Errorf("columns: %s is empty; name its column",
				pickSettings[i]))
		case dup:
			errs = append(errs, fmt.Errorf("columns: %q names both %s and %s", name,
				other, pickSettings[i]))
		}
		seen[key] = pickSettings[i]
	}
	return f, errors.Join(errs...)
}

// delimiterRune returns the one character of a delimiter setting, a comma
// when it is empty.
func delimiterRune(s string) (rune, error) {
	if s == "" {
		return ',', nil
	}
	r, size := utf8.DecodeRuneInString(s)
	if size != len(s) || r == utf8.RuneError || r == '"' || r == '\r' || r == '\n' {
		return 0, fmt.Errorf("delimiter %q must be one character, not a quote or a "+
			"line break", s)
	}
	return r, nil
}

// files returns the pick file of the batch's releases and the cancel file
// of its cancels, leaving out one that would be empty. Each file is named
// after the references of its instructions, so that the same batch sent
// again makes the same names.
func (f format) files(location string, batch []warehouse.Instruction) ([]file, error) {
	var releases, cancels []warehouse.Instruction
	for _, in := range batch {
		refuse := func(why string) error {
			return &warehouse.PermanentError{Location: location,
				Detail: fmt.Sprintf("instruction %q %s", in.Reference, why)}
		}
		switch {
		case in.Reference == "":
			return nil, refuse("has no reference")
		case in.Kind == warehouse.KindRelease && len(in.Lines) == 0:
			return nil, refuse("releases no lines; a pick file has a row per line")
		case in.Kind == warehouse.KindRelease:
			releases = append(releases, in)
		case in.Kind == warehouse.KindCancel && in.FulfilmentID == "":
			return nil, refuse("has no fulfilment id; a cancel file names the order by " +
				"the reference of its pick file")
		case in.Kind == warehouse.KindCancel:
			cancels = append(cancels, in)
		default:
			return nil, refuse(fmt.Sprintf("is of kind %q, neither release nor cancel",
				in.Kind))
		}
	}
	var out []file
	if len(releases) > 0 {
		data, err := f.write(f.pickRows(releases))
		if err != nil {
			return nil, err
		}
		out = append(out, file{name: fileName("picks", references(releases)), data: data})
	}
	if len(cancels) > 0 {
		data, err := f.write(f.cancelRows(cancels))
		if err != nil {
			return nil, err
		}
		out = append(out, file{name: fileName("cancel", references(cancels)), data: data})
	}
	return out, nil
}

// pickRows returns the header and a row for each line of each release.
func (f format) pickRows(releases []warehouse.Instruction) [][]string {
	rows := [][]string{f.header()}
	for _, in := range releases {
		a := in.ShipTo
		if a == nil {
			a = &warehouse.Address{}
		}
		var shipBy string
		if !in.ShipBy.IsZero() {
			shipBy = in.ShipBy.UTC().Format(time.RFC3339)
		}
		for _, l := range in.Lines {
			rows = append(rows, []string{cell(in.Reference), cell(l.OrderID), cell(l.LineID),
				cell(l.SKU), strconv.FormatInt(l.Quantity, 10), cell(in.Carrier),
				cell(in.Method), shipBy, cell(a.Name), cell(a.Company), cell(a.Line1),
				cell(a.Line2), cell(a.Postcode), cell(a.City), cell(a.Country),
				cell(a.Phone)})
		}
	}
	return rows
}

// cancelRows returns the header of a cancel file, the first five columns
// of a pick file, and a row for each line of each cancel. A row's
// reference is the fulfilment id, which its release's pick file gave as
// the reference and so the one the 3PL knows the order by; the cancel's
// own reference means nothing to the 3PL. A cancel without lines gets one
// row with the reference alone.
func (f format) cancelRows(cancels []warehouse.Instruction) [][]string {
	c := f.cols
	rows := [][]string{{c.Reference, c.OrderID, c.LineID, c.SKU, c.Quantity}}
	for _, in := range cancels {
		ref := cell(in.FulfilmentID)
		if len(in.Lines) == 0 {
			rows = append(rows, []string{ref, "", "", "", ""})
		}
		for _, l := range in.Lines {
			rows = append(rows, []string{ref, cell(l.OrderID), cell(l.LineID), cell(l.SKU),
				strconv.FormatInt(l.Quantity, 10)})
		}
	}
	return rows
}

// write returns rows as CSV.
func (f format) write(rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = f.comma
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("pickfile: write csv: %w", err)
	}
	return buf.Bytes(), nil
}

// references returns the references of some instructions.
func references(ins []warehouse.Instruction) []string {
	refs := make([]string, len(ins))
	for i, in := range ins {
		refs[i] = in.Reference
	}
	return refs
}

// fileName names a file after the references it holds alone, so that the
// same references, in any order, make the same name: the prefix, the first
// reference in sorted order, made safe for a file name, and a short hash of
// them all.
func fileName(prefix string, refs []string) string {
	refs = slices.Sorted(slices.Values(refs))
	sum := sha256.Sum256([]byte(strings.Join(refs, "\x00")))
	return fmt.Sprintf("%s-%s-%s.csv", prefix, safeName(refs[0]), hex.EncodeToString(sum[:6]))
}

// safeName returns s with every character but ASCII letters, digits,
// dots, hyphens and underscores replaced by an underscore, and cut to 40
// characters.
func safeName(s string) string {
	const most = 40
	var b strings.Builder
	for _, r := range s {
		if b.Len() == most {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9',
			r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// cell returns a text value so that a spreadsheet program that opens the
// file shows it rather than runs it: a value that begins with = + - @, a
// tab or a carriage return gets a single quote in front. A value of only
// digits, spaces and + - ( ) . / is left as it is, since a formula without
// letters can reach no function and no other cell; that keeps phone
// numbers such as +31 20 123 4567 and negative numbers intact.
func cell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || numeric(s) {
		return s
	}
	return "'" + s
}

// numeric reports whether s holds a digit and nothing but digits, spaces
// and + - ( ) . /.
func numeric(s string) bool {
	digit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case !strings.ContainsRune(" +-()./", r):
			return false
		}
	}
	return digit
}
