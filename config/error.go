package config

import (
	"fmt"
	"strings"
)

// Error reports every problem found in a configuration. Load and Validate
// return it; use errors.As to get at the problems one by one.
type Error struct {
	// File is the configuration file's path, or empty when the
	// configuration did not come from a file.
	File string

	// Problems lists the problems in the order they appear in the file.
	Problems []Problem
}

// Problem is one thing wrong with a configuration.
type Problem struct {
	// Line and Column locate the problem in the file, counting from 1.
	// They are 0 when the place is not known, as for a setting that came
	// from the environment or a Config built in code. For a YAML syntax
	// error, Column is 0 and Line is where the parser noticed it.
	Line, Column int

	// Field is the setting's path, such as channels[1].kind, or empty when
	// the problem is with the file as a whole.
	Field string

	// Message says what is wrong and, where it can, what would be right.
	Message string
}

// Error returns the problems one per line, each in the form
// file:line:column: field: message, leaving out the parts that are not
// known.
func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.format(e.File))
	}
	return b.String()
}

func (p Problem) format(file string) string {
	place := file
	if p.Line > 0 {
		place += fmt.Sprintf(":%d", p.Line)
	}
	if p.Line > 0 && p.Column > 0 {
		place += fmt.Sprintf(":%d", p.Column)
	}
	if place != "" {
		place += ": "
	}
	if p.Field != "" {
		return place + p.Field + ": " + p.Message
	}
	return place + p.Message
}
