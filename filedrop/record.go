package filedrop

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Record is one row of a CSV file, read by canonical field. Its getters
// record what they find wrong in the Reader that yielded it, with the line
// and the column, so that Reader.Err reports every bad value of the file.
type Record struct {
	// Line is the line of the file the row starts on, counting from 1.
	Line int

	r     *Reader
	row   []string
	start int
}

// Get returns a field's value without surrounding spaces, or "" when the
// field's optional column is not in the file.
func (rec Record) Get(field string) string {
	c, ok := rec.column(field)
	if !ok || c.at < 0 {
		return ""
	}
	return strings.TrimSpace(rec.row[c.at])
}

// Has reports whether the field has a value that is not blank.
func (rec Record) Has(field string) bool { return rec.Get(field) != "" }

// Int returns a field's value as a whole number. When the value is blank,
// or its optional column is not in the file, or it is not a whole number,
// Int records the problem, naming what it found, and returns 0.
func (rec Record) Int(field string) int64 {
	if _, ok := rec.column(field); !ok {
		return 0
	}
	v := rec.Get(field)
	if v == "" {
		rec.Fail(field, "is empty; want a whole number")
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		rec.Fail(field, "found %s, which is too large for a whole number", quote(v))
		return 0
	case err != nil:
		rec.Fail(field, "found %s; want a whole number", quote(v))
		return 0
	}
	return n
}

// Fail records a problem with a field's value, formatted as by
// fmt.Sprintf, for a check that only the Handler can make, such as a
// location that Ordo does not know.
func (rec Record) Fail(field, format string, args ...any) {
	c, ok := rec.column(field)
	if !ok {
		return
	}
	rec.r.add(Problem{Line: rec.Line, Column: c.name, Message: fmt.Sprintf(format, args...)})
}

// OK reports whether no problem has been recorded for the record.
func (rec Record) OK() bool { return len(rec.r.problems)+rec.r.more == rec.start }

// column returns where a field is. A field that the mapping does not have
// is a mistake in the Handler, not in the file: Reader.Err then returns an
// error that leaves the file where it is rather than refuse it.
func (rec Record) column(field string) (column, bool) {
	c, ok := rec.r.cols[field]
	if !ok && rec.r.err == nil {
		rec.r.err = fmt.Errorf("filedrop: field %q is not in the mapping, which has %s",
			field, strings.Join(slices.Sorted(maps.Keys(rec.r.m.Columns)), ", "))
	}
	return c, ok
}

// quote returns v quoted for a message, shortened when it is long.
func quote(v string) string {
	const most = 40
	if r := []rune(v); len(r) > most {
		return strconv.Quote(string(r[:most])) + "…"
	}
	return strconv.Quote(v)
}
