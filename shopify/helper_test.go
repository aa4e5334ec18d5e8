package shopify

import (
	"testing"

	"github.com/ordo-oms/ordo/order/ordertest"
)

// fixtureDir returns the directory of the shared shopify fixtures, and skips
// the test when it is not there.
func fixtureDir(tb testing.TB) string { return ordertest.Fixtures(tb, "shopify") }
