package filedrop

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Mapping says how to read a CSV file: how its fields are separated and
// which column holds each canonical field, the name a Handler reads a value
// by. Configuration describes one per kind of file a party drops.
type Mapping struct {
	// Delimiter separates the fields of a row; zero means a comma.
	Delimiter rune
	// Header says that the first row names the columns.
	Header bool
	// Columns maps each canonical field to its column: a name in the
	// header, matched regardless of case and surrounding spaces, or the
	// column's number, counting from 1. A file without a header needs
	// numbers.
	Columns map[string]string
	// Optional lists the fields whose column a file may leave out; every
	// other field's column must be there.
	Optional []string
}

// Validate reports every problem with the mapping, each naming the setting
// at fault.
func (m Mapping) Validate() error {
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("filedrop: mapping: "+format, args...))
	}
	switch d := m.Delimiter; {
	case d == 0:
	case d == '"' || d == '\r' || d == '\n' || !utf8.ValidRune(d) || d == utf8.RuneError:
		fail("delimiter %q cannot separate fields", d)
	}
	if len(m.Columns) == 0 {
		fail("columns: none given; map at least one field to a column")
	}
	for _, field := range slices.Sorted(maps.Keys(m.Columns)) {
		spec := m.Columns[field]
		n, isNumber := columnNumber(spec)
		switch {
		case strings.TrimSpace(field) == "":
			fail("columns: a field has no name")
		case strings.TrimSpace(spec) == "":
			fail("columns.%s: no column given", field)
		case isNumber && n < 1:
			fail("columns.%s: column numbers count from 1, not %s", field, spec)
		case !isNumber && !m.Header:
			fail("columns.%s: %q names a column, but without a header only "+
				"column numbers can be used", field, spec)
		}
	}
	for _, field := range m.Optional {
		if _, ok := m.Columns[field]; !ok {
			fail("optional: %q is not one of the fields in columns", field)
		}
	}
	return errors.Join(errs...)
}

// delimiter returns the rune that separates fields.
func (m Mapping) delimiter() rune {
	if m.Delimiter == 0 {
		return ','
	}
	return m.Delimiter
}

// columnNumber reads spec as a column number.
func columnNumber(spec string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(spec))
	return n, err == nil
}

// isColumnNumber reports whether a column is named by its number.
func isColumnNumber(s string) bool {
	_, ok := columnNumber(s)
	return ok
}
