package amazon

import (
	"net/http"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/amazon/amazontest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
)

// codes returns the codes of the reasons validation gives for o.
func codes(o order.Order) map[string]bool {
	m := map[string]bool{}
	for _, r := range order.Validate(&o) {
		m[r.Code] = true
	}
	return m
}

// testNow is the fixed present of the client tests.
var testNow = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// newFake starts a fake SP-API whose clock is testNow.
func newFake(tb testing.TB, cfg amazontest.Config) *amazontest.Server {
	tb.Helper()
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return testNow }
	}
	f := amazontest.New(cfg)
	tb.Cleanup(f.Close)
	return f
}

// newClient returns a client of the fake with a short back-off and the
// given HTTP timeout (none if zero).
func newClient(tb testing.TB, f *amazontest.Server, timeout time.Duration) *Client {
	tb.Helper()
	c, err := New(Options{
		ChannelID: "amazon-nl", Endpoint: f.URL, TokenURL: f.TokenURL,
		ClientID: f.ClientID, ClientSecret: f.ClientSecret, RefreshToken: f.RefreshToken,
		MarketplaceIDs: []string{"A1805IZSGTT6HS"},
		HTTP:           &http.Client{Timeout: timeout},
		Now:            func() time.Time { return testNow },
	})
	if err != nil {
		tb.Fatal(err)
	}
	c.backoff = 10 * time.Millisecond
	return c
}

// fixtureDir returns the directory of the shared amazon fixtures, and skips
// the test when it is not there.
func fixtureDir(tb testing.TB) string { return ordertest.Fixtures(tb, "amazon") }
