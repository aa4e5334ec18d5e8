package store

import (
	"strconv"
	"strings"
)

// Where builds the WHERE clause of a listing from the filters that are
// set, numbering the placeholders of both dialects as $1, $2 and on.
type Where struct {
	conds []string
	args  []any
}

// And adds a condition whose ? marks take the values given, in order.
func (w *Where) And(cond string, values ...any) {
	for _, v := range values {
		w.args = append(w.args, v)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// String returns " WHERE" and the conditions joined by AND, or "" when
// there is none.
func (w *Where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Args returns the values of the placeholders, in order.
func (w *Where) Args() []any { return w.args }
