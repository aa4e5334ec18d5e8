package shopify

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/shopify/shopifytest"
)

// t0 is the time the test orders were last updated.
var t0 = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

// newShop starts a fake shop and a client of it whose requests time out
// after 200ms, and stops the shop when the test ends.
func newShop(tb testing.TB, opts shopifytest.Options) (*shopifytest.Server, *Admin) {
	tb.Helper()
	if opts.RetryAfter == "" {
		opts.RetryAfter = "0.05"
	}
	shop := shopifytest.New(opts)
	tb.Cleanup(shop.Close)
	return shop, newClient(tb, shop, 200*time.Millisecond)
}

// newClient returns a client of shop whose requests time out after
// timeout.
func newClient(tb testing.TB, shop *shopifytest.Server, timeout time.Duration) *Admin {
	tb.Helper()
	a, err := NewAdmin(AdminOptions{ChannelID: "shop-nl", AccessToken: shop.AccessToken(),
		BaseURL: shop.URL(), HTTP: &http.Client{Timeout: timeout}})
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

// mustAdd adds an order to shop or fails the test.
func mustAdd(tb testing.TB, shop *shopifytest.Server, o shopifytest.Order) {
	tb.Helper()
	if err := shop.AddOrder(o); err != nil {
		tb.Fatal(err)
	}
}

// mugAndBook is an order of two mugs and a book.
func mugAndBook(id int64) shopifytest.Order {
	return shopifytest.NewOrder(id, []shopifytest.Item{
		{SKU: "MUG-01", Quantity: 2, Price: 1295},
		{SKU: "BOOK-07", Quantity: 1, Price: 2450},
	}, t0)
}

// itoa writes a Shopify id as Ordo holds it.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
