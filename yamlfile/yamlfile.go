// Package yamlfile holds what Ordo's YAML files share when they are checked:
// a problem with its line and column, an error that lists every problem of
// a file at once, and the words that describe what was found and suggest
// what was meant. The configuration and the rule set use it.
package yamlfile

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Error reports every problem found in a file; use errors.As to get at the
// problems one by one.
type Error struct {
	// File is the file's path, or empty when what was checked did not come
	// from a file.
	File string

	// Problems lists the problems in the order they appear in the file.
	Problems []Problem
}

// Problem is one thing wrong with a file.
type Problem struct {
	// Line and Column locate the problem in the file, counting from 1.
	// Column is 0 when only the line is known, as for a YAML syntax error,
	// and both are 0 when the place is not known or the problem is with
	// the file as a whole.
	Line, Column int

	// Field is the path of the setting at fault, such as
	// locations[1].cutoffs, or empty for the file as a whole.
	Field string

	// Message says what is wrong and, where it can, what would be right.
	Message string
}

// NewError returns an *Error holding problems sorted by their place in the
// file, those without a place first.
func NewError(file string, problems []Problem) *Error {
	slices.SortStableFunc(problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return &Error{File: file, Problems: problems}
}

// Error returns the problems one per line, each in the form
// file:line:column: field: message, leaving out the parts that are not
// known.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.format(e.File)
	}
	return strings.Join(lines, "\n")
}

func (p Problem) format(file string) string {
	var b strings.Builder
	b.WriteString(file)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// SyntaxProblem turns an error of the YAML parser into a Problem, placed on
// the line where the parser noticed it.
func SyntaxProblem(err error) Problem {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return Problem{Message: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	line, _ := strconv.Atoi(m[1])
	return Problem{Line: line, Message: m[2]}
}

// Describe names what a node holds, for a message such as "expected a
// list, found keys and values".
func Describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "keys and values"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

// JoinPath returns the path of a setting name within path.
func JoinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// Closest returns the known name closest to name when it is at most two
// edits away, the first in alphabetical order on a tie, or else "".
func Closest(name string, known []string) string {
	best, bestDist := "", 3
	for _, k := range slices.Sorted(slices.Values(known)) {
		if d := distance(name, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b in bytes, which is
// enough for the ASCII names of settings.
func distance(a, b string) int {
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := range len(a) {
		diag := row[0]
		row[0] = i + 1
		for j := range len(b) {
			cost := 1
			if a[i] == b[j] {
				cost = 0
			}
			diag, row[j+1] = row[j+1], min(row[j+1]+1, row[j]+1, diag+cost)
		}
	}
	return row[len(b)]
}
