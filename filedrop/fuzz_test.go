package filedrop_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ordo-oms/ordo/filedrop"
)

// FuzzReadCSV checks that the Reader never panics, that it fails a file
// only with an *Error whose problems have lines, that what it yields is
// text a database takes, and that a file it reads without a problem reads
// the same with encoding/csv.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("location,sku,on_hand\ndc-1,TEE,12\n"), true, byte(','))
	f.Add([]byte("\ufeffsku;on_hand\r\n\"TEE;\"\"XL\"\"\";4\r\n"), true, byte(';'))
	f.Add([]byte("TEE\t1\nCAP\t\"2\n3\"\n\nMUG\t-4"), false, byte('\t'))
	f.Add([]byte("a,b\n1,\"2\n3,4,5\n"), false, byte(','))

	f.Fuzz(func(t *testing.T, in []byte, header bool, delim byte) {
		m := filedrop.Mapping{Delimiter: rune(delim), Header: header,
			Columns: map[string]string{"x": "1", "y": "2"}, Optional: []string{"y"}}
		if m.Validate() != nil {
			return
		}
		r := filedrop.NewReader(bytes.NewReader(in), m)
		var got [][]string
		last := 0
		for rec := range r.Records() {
			if rec.Line <= last {
				t.Fatalf("record on line %d follows one on line %d", rec.Line, last)
			}
			last = rec.Line
			row := []string{rec.Get("x"), rec.Get("y")}
			for _, v := range row {
				if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
					t.Fatalf("line %d yields %q, which a database refuses", rec.Line, v)
				}
			}
			got = append(got, row)
		}
		err := r.Err()
		if err != nil {
			checkProblems(t, err)
			return
		}
		want := readStd(t, in, m)
		if len(want) != len(got) {
			t.Fatalf("read %d records; encoding/csv reads %d", len(got), len(want))
		}
		for i := range want {
			if want[i][0] != got[i][0] || want[i][1] != got[i][1] {
				t.Fatalf("record %d is %q; encoding/csv reads %q", i, got[i], want[i])
			}
		}

		// Reading numbers fails only with problems too.
		r = filedrop.NewReader(bytes.NewReader(in), m)
		for rec := range r.Records() {
			rec.Int("x")
		}
		if err := r.Err(); err != nil {
			checkProblems(t, err)
		}
	})
}

// checkProblems fails the test unless err is an *Error whose problems,
// but for the count of those not listed, each have a line.
func checkProblems(t *testing.T, err error) {
	t.Helper()
	var fe *filedrop.Error
	if !errors.As(err, &fe) || len(fe.Problems) == 0 {
		t.Fatalf("error %v is not a *filedrop.Error with problems", err)
	}
	for _, p := range fe.Problems {
		if p.Line < 1 && !strings.HasSuffix(p.Message, "more problems not listed") {
			t.Fatalf("problem %+v has no line", p)
		}
	}
}

// readStd reads in with encoding/csv as m says, returning the trimmed
// values of the first two columns of each row, or "" for a missing second.
func readStd(t *testing.T, in []byte, m filedrop.Mapping) [][]string {
	t.Helper()
	c := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(in, []byte("\ufeff"))))
	c.Comma = m.Delimiter
	if c.Comma == 0 {
		c.Comma = ','
	}
	rows, err := c.ReadAll()
	if err != nil {
		t.Fatalf("read without a problem, but encoding/csv fails: %v", err)
	}
	if m.Header && len(rows) > 0 {
		rows = rows[1:]
	}
	out := make([][]string, len(rows))
	for i, row := range rows {
		out[i] = []string{strings.TrimSpace(row[0]), ""}
		if len(row) > 1 {
			out[i][1] = strings.TrimSpace(row[1])
		}
	}
	return out
}
