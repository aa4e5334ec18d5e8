package bol

import (
	"path/filepath"
	"testing"

	"github.com/ordo-oms/ordo/order/ordertest"
)

// readFixture returns the contents of a shared fixture file.
func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	return ordertest.ReadFile(tb, filepath.Join(fixtureDir(tb), name))
}

// fixtureDir returns the directory of the shared bol fixtures, and skips
// the test when it is not there.
func fixtureDir(tb testing.TB) string { return ordertest.Fixtures(tb, "bol") }
