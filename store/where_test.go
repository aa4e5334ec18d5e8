package store_test

import (
	"slices"
	"testing"

	"github.com/ordo-oms/ordo/store"
)

func TestWhereNumbersPlaceholdersInOrder(t *testing.T) {
	var w store.Where
	if got := w.String(); got != "" {
		t.Errorf("no condition: %q, want none", got)
	}
	w.And("a = ?", 1)
	w.And("(b > ? OR b = ? AND c > ?)", 2, 2, "x")
	if got, want := w.String(), " WHERE a = $1 AND (b > $2 OR b = $3 AND c > $4)"; got != want {
		t.Errorf("clause %q, want %q", got, want)
	}
	if got := w.Args(); !slices.Equal(got, []any{1, 2, 2, "x"}) {
		t.Errorf("args %v", got)
	}
}
