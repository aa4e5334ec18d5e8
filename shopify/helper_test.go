package shopify

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ordo-oms/ordo/order"
)

// fixtures is the directory of the shared Shopify fixtures, which live
// beside the repository rather than in it.
var fixtures = filepath.Join("..", "..", "shared", "fixtures", "shopify")

// fixtureDir returns the fixtures directory, and skips the test when it is
// not there.
func fixtureDir(tb testing.TB) string {
	tb.Helper()
	dir := fixtures
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("shared Shopify fixtures not found at %s: %v", dir, err)
	}
	return dir
}

// readFile returns the contents of a file or fails the test.
func readFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// reconcile returns how far an order's totals are from adding up: the sum
// of its lines' prices, plus shipping, plus tax when prices exclude it,
// minus discounts, less the total the channel reported. Zero means the
// order reconciles to the minor unit.
func reconcile(o order.Order) (diff int64) {
	var sum int64
	for _, l := range o.Lines {
		sum += l.UnitPrice * l.Quantity
	}
	sum += o.Totals.Shipping - o.Totals.Discount
	if !o.TaxesIncluded {
		sum += o.Totals.Tax
	}
	return sum - o.Totals.Total
}
