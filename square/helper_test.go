package square_test

import (
	"testing"

	"github.com/ordo-oms/ordo/order/ordertest"
)

// fixtureDir returns the directory of the shared pos fixtures, and skips
// the test when it is not there.
func fixtureDir(tb testing.TB) string { return ordertest.Fixtures(tb, "pos") }
