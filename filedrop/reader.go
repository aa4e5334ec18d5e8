package filedrop

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxProblems is how many problems a Reader lists one by one; a file with
// more is summed up after them, so that a broken file of a million rows
// does not make a million-line report.
const maxProblems = 1000

// Reader reads the records of a CSV file as a Mapping describes. It
// collects every problem it meets, and those that the getters of its
// records meet, so that a Handler reads a file as a list of fields and
// checks Err once at the end.
type Reader struct {
	m        Mapping
	csv      *csv.Reader
	cols     map[string]column
	order    []column // the columns found, left to right
	width    int
	started  bool
	ready    bool
	first    *pending
	problems []Problem
	more     int
	err      error
}

// pending is a row read before it could be yielded: the first of a file
// without a header, read to learn the width of every row.
type pending struct {
	row  []string
	line int
}

// column is where a field's values are in a row.
type column struct {
	at   int    // index in the row, or -1 for an optional column left out
	name string // the name problems give it
}

// NewReader returns a Reader of the CSV in r. A UTF-8 byte order mark at
// its start is skipped.
func NewReader(r io.Reader, m Mapping) *Reader {
	br := bufio.NewReader(r)
	// An error here comes back at the first read.
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\ufeff")) {
		_, _ = br.Discard(3)
	}
	c := csv.NewReader(br)
	c.Comma = m.delimiter()
	c.FieldsPerRecord = -1
	return &Reader{m: m, csv: c}
}

// Records yields the records of the file that have the right number of
// fields and readable values, reading the header first if the mapping
// says there is one. Rows that are not yielded have their problems
// recorded. A second range over Records goes on where the first stopped.
func (r *Reader) Records() iter.Seq[Record] {
	return func(yield func(Record) bool) {
		if !r.started {
			r.started = true
			r.ready = r.start()
		}
		if !r.ready {
			return
		}
		for {
			row, line, ok := r.pop()
			if !ok {
				return
			}
			if r.usable(row, line) && !yield(Record{Line: line, r: r, row: row,
				start: len(r.problems) + r.more}) {
				return
			}
		}
	}
}

// Err returns nil when the file and every value read from it were good.
// It returns an *Error that lists every problem, in line order, when some
// were not; and another error when the file could not be read at all or
// the mapping is not valid.
func (r *Reader) Err() error {
	if r.err != nil {
		return r.err
	}
	if len(r.problems) == 0 {
		return nil
	}
	problems := slices.SortedStableFunc(slices.Values(r.problems), func(a, b Problem) int {
		return cmp.Compare(a.Line, b.Line)
	})
	if r.more > 0 {
		problems = append(problems, Problem{Message: fmt.Sprintf(
			"and %d more problems not listed", r.more)})
	}
	return &Error{Problems: problems}
}

// start checks the mapping, reads the header or the first row, and finds
// each field's column. It reports whether reading can go on.
func (r *Reader) start() bool {
	if err := r.m.Validate(); err != nil {
		r.err = err
		return false
	}
	first, line, ok := r.next()
	if !ok {
		if r.m.Header && r.err == nil && len(r.problems) == 0 {
			r.add(Problem{Line: 1, Message: "the file is empty; want a header row"})
		}
		return false
	}
	r.width = len(first)
	if r.m.Header {
		return r.locate(first, line)
	}
	r.first = &pending{row: first, line: line}
	return r.locate(nil, line)
}

// locate finds the column of every field: in header, or by number in a
// file without one, whose rows are as wide as the first.
func (r *Reader) locate(header []string, line int) bool {
	r.cols = make(map[string]column, len(r.m.Columns))
	found := true
	for _, field := range slices.Sorted(maps.Keys(r.m.Columns)) {
		spec := r.m.Columns[field]
		c, problem := r.find(header, spec)
		if problem == "" {
			r.cols[field] = c
			r.order = append(r.order, c)
			continue
		}
		if c.at < 0 && slices.Contains(r.m.Optional, field) {
			r.cols[field] = column{at: -1, name: strings.TrimSpace(spec)}
			continue
		}
		found = false
		r.add(Problem{Line: line, Column: strings.TrimSpace(spec),
			Message: fmt.Sprintf("%s (for field %s)", problem, field)})
	}
	slices.SortFunc(r.order, func(a, b column) int { return cmp.Compare(a.at, b.at) })
	return found
}

// find returns the column that spec names, or why there is none.
func (r *Reader) find(header []string, spec string) (column, string) {
	if n, ok := columnNumber(spec); ok {
		switch {
		case n > r.width && header == nil:
			return column{at: -1}, fmt.Sprintf("missing; the first row has %d columns", r.width)
		case n > r.width:
			return column{at: -1}, fmt.Sprintf("missing; the header has %d columns", r.width)
		case header == nil:
			return column{at: n - 1, name: fmt.Sprint(n)}, ""
		default:
			return column{at: n - 1, name: headerName(header[n-1], n)}, ""
		}
	}
	want := strings.TrimSpace(spec)
	var at []int
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), want) {
			at = append(at, i)
		}
	}
	switch len(at) {
	case 0:
		return column{at: -1}, "missing from the header"
	case 1:
		return column{at: at[0], name: headerName(header[at[0]], at[0]+1)}, ""
	default:
		return column{at: at[0]}, fmt.Sprintf("appears %d times in the header", len(at))
	}
}

// headerName is what problems call the column with header h at position
// n: its name, or its number when the header cell is blank.
func headerName(h string, n int) string {
	if h = strings.TrimSpace(h); h != "" {
		return h
	}
	return fmt.Sprint(n)
}

// pop returns the first row of a file without a header if it has not been
// yielded yet, and the next row otherwise.
func (r *Reader) pop() ([]string, int, bool) {
	if p := r.first; p != nil {
		r.first = nil
		return p.row, p.line, true
	}
	return r.next()
}

// next reads a row and the line it starts on. Rows that cannot be parsed
// are recorded as problems and passed over. It reports false at the end of
// the file or when the file cannot be read.
func (r *Reader) next() ([]string, int, bool) {
	for {
		row, err := r.csv.Read()
		var pe *csv.ParseError
		switch {
		case err == nil:
			line, _ := r.csv.FieldPos(0)
			return row, line, true
		case errors.Is(err, io.EOF):
			return nil, 0, false
		case errors.As(err, &pe):
			r.add(parseProblem(pe))
		default:
			r.err = fmt.Errorf("filedrop: read csv: %w", err)
			return nil, 0, false
		}
	}
}

// parseProblem describes a row that is not valid CSV.
func parseProblem(pe *csv.ParseError) Problem {
	msg := pe.Err.Error()
	if errors.Is(pe.Err, csv.ErrBareQuote) {
		msg = `a " inside a field that is not quoted; quote the field and double the "`
	}
	if errors.Is(pe.Err, csv.ErrQuote) {
		msg = `a quoted field is not closed, or a " in it is not doubled`
	}
	if pe.Line != pe.StartLine {
		msg += fmt.Sprintf(" (noticed on line %d)", pe.Line)
	}
	return Problem{Line: pe.StartLine, Message: msg}
}

// usable checks a row's width and the values of its mapped columns,
// recording what is wrong.
func (r *Reader) usable(row []string, line int) bool {
	if len(row) != r.width {
		want := "the first row has"
		if r.m.Header {
			want = "the header has"
		}
		r.add(Problem{Line: line, Message: fmt.Sprintf("has %d fields; want %d as %s",
			len(row), r.width, want)})
		return false
	}
	ok := true
	for _, c := range r.order {
		switch v := row[c.at]; {
		case !utf8.ValidString(v):
			r.add(Problem{Line: line, Column: c.name,
				Message: "is not UTF-8 text; save the file as UTF-8"})
			ok = false
		case strings.ContainsRune(v, 0):
			r.add(Problem{Line: line, Column: c.name, Message: "holds a NUL character"})
			ok = false
		}
	}
	return ok
}

// add records a problem, or counts it once the list is long enough.
func (r *Reader) add(p Problem) {
	if len(r.problems) >= maxProblems {
		r.more++
		return
	}
	r.problems = append(r.problems, p)
}
