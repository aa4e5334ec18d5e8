package filedrop

import (
	"fmt"
	"strings"
)

// Error lists every problem that makes a file unusable. A Handler returns
// it to refuse a file: the file goes to error/ with the problems written
// beside it, one per line.
type Error struct {
	Problems []Problem
}

// Problem is one thing wrong with a file.
type Problem struct {
	// Line is the line of the file where the problem is, counting from 1,
	// or 0 when the problem is with the file as a whole.
	Line int
	// Column names the column at fault as the file's header does, or by
	// its number, counting from 1, in a file without a header. It is empty
	// when the problem is with a whole row or file.
	Column string
	// Message says what is wrong and, where it can, what would be right.
	Message string
}

// String returns the problem as "line L: column C: message", leaving out
// the parts that are not known.
func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	switch {
	case p.Column == "":
	case isColumnNumber(p.Column):
		fmt.Fprintf(&b, "column %s: ", p.Column)
	default:
		fmt.Fprintf(&b, "column %q: ", p.Column)
	}
	b.WriteString(p.Message)
	return b.String()
}

// Error returns the problems one per line.
func (e *Error) Error() string { return "filedrop: " + strings.Join(e.reasons(), "\n") }

// reasons returns the problems as the lines of an errors file.
func (e *Error) reasons() []string {
	out := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.String()
	}
	return out
}
