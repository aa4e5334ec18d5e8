package ordertest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ordo-oms/ordo/order"
)

// Fixtures returns the directory of the payloads that party (shopify, bol,
// amazon, pos) publishes, kept beside the repository rather than in it,
// for a test that runs in a package at the repository's top. It skips the
// test, saying why, when the directory is not there.
func Fixtures(tb testing.TB, party string) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "shared", "fixtures", party)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("the shared %s fixtures are not at %s: %v", party, dir, err)
	}
	return dir
}

// ReadFile returns the contents of a file, or fails the test.
func ReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Reconcile returns how far an order's totals are from adding up: the sum
// of its lines' prices, plus shipping, plus tax when prices exclude it,
// minus discounts, less the total the channel reported. Zero means the
// order reconciles to the minor unit.
func Reconcile(o order.Order) int64 {
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
