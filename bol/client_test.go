package bol_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/bol"
	"github.com/ordo-oms/ordo/bol/boltest"
	"github.com/ordo-oms/ordo/channel"
)

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// setup starts a fake and a client of it sharing clk, which starts at the
// real time so that the token library's own expiry stays consistent.
func setup(t *testing.T, edit func(*bol.Options)) (*bol.Client, *boltest.Server, *clock) {
	t.Helper()
	return setupFake(t, boltest.Options{}, edit)
}

// setupFake is setup with a fake configured by fakeOpts, whose clock it
// sets.
func setupFake(t *testing.T, fakeOpts boltest.Options, edit func(*bol.Options)) (*bol.Client,
	*boltest.Server, *clock) {
	t.Helper()
	clk := &clock{now: time.Now().Truncate(time.Second)}
	fakeOpts.Now = clk.Now
	fake := boltest.New(fakeOpts)
	t.Cleanup(fake.Close)
	opts := bol.Options{
		ChannelID: "bol-test", BaseURL: fake.URL, TokenURL: fake.TokenURL(),
		ClientID: fake.ClientID, ClientSecret: fake.ClientSecret, Now: clk.Now,
		PollInterval: time.Millisecond, MaxRetryWait: 2 * time.Second,
	}
	if edit != nil {
		edit(&opts)
	}
	c, err := bol.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c, fake, clk
}

var placed = time.Date(2026, 3, 2, 14, 5, 11, 0, time.UTC)

func TestNewValidatesOptions(t *testing.T) {
	tests := []struct {
		opts bol.Options
		want string
	}{
		{bol.Options{ClientID: "a", ClientSecret: "b"}, "ChannelID"},
		{bol.Options{ChannelID: "c", ClientSecret: "b"}, "ClientID"},
		{bol.Options{ChannelID: "c", ClientID: "a"}, "ClientSecret"},
		{bol.Options{ChannelID: "c", ClientID: "a", ClientSecret: "b",
			FulfilmentMethod: "VVB"}, "FulfilmentMethod"},
		{bol.Options{ChannelID: "c", ClientID: "a", ClientSecret: "b",
			BaseURL: "api.bol.com"}, "BaseURL"},
	}
	for _, tt := range tests {
		if _, err := bol.New(tt.opts); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%+v) = %v, want an error naming %s", tt.opts, err, tt.want)
		}
	}
}

func TestFetch(t *testing.T) {
	c, fake, _ := setup(t, nil)
	fake.AddOrder(boltest.NewOrder("4001", placed,
		boltest.Line{SKU: "MUG-01", Quantity: 2, UnitPrice: 1295},
		boltest.Line{SKU: "TEA-02", Quantity: 1, UnitPrice: 499}))

	rep, err := c.Fetch(context.Background(), "4001")
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Order
	if o.OrderID != "4001" || len(o.Lines) != 2 || o.Lines[0].LineID != "40011" ||
		o.Lines[0].SKU != "MUG-01" || o.Totals.Total != 3089 || rep.Cancelled != nil {
		t.Errorf("Fetch = %+v", rep)
	}

	_, err = c.Fetch(context.Background(), "nope")
	if !errors.Is(err, channel.ErrNotFound) || !channel.IsPermanent(err) {
		t.Errorf("Fetch of an unknown order = %v, want ErrNotFound and permanent", err)
	}
}

func TestTokenCachedAndRefreshed(t *testing.T) {
	c, fake, clk := setup(t, nil)
	fake.AddOrder(boltest.NewOrder("1", placed, boltest.Line{SKU: "A", Quantity: 1,
		UnitPrice: 100}))
	ctx := context.Background()
	fetch := func() {
		t.Helper()
		if _, err := c.Fetch(ctx, "1"); err != nil {
			t.Fatal(err)
		}
	}
	fetch()
	fetch()
	fetch()
	if n := fake.Requests(boltest.RouteToken); n != 1 {
		t.Errorf("%d token requests for three calls, want 1", n)
	}
	clk.Add(280 * time.Second) // within 30 s of the 299 s lifetime
	fetch()
	if n := fake.Requests(boltest.RouteToken); n != 2 {
		t.Errorf("%d token requests after the token neared expiry, want 2", n)
	}
	fake.RevokeTokens()
	fetch()
	if n := fake.Requests(boltest.RouteToken); n != 3 {
		t.Errorf("%d token requests after a 401, want 3", n)
	}
}

func TestBadCredentialsArePermanent(t *testing.T) {
	c, _, _ := setup(t, func(o *bol.Options) { o.ClientSecret = "wrong" })
	_, err := c.Fetch(context.Background(), "1")
	var perm *channel.PermanentError
	if !errors.As(err, &perm) || perm.Status != http.StatusUnauthorized {
		t.Fatalf("Fetch with a wrong secret = %v, want a permanent 401", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q shows the secret", err)
	}
}

func TestRateLimitIsWaitedOut(t *testing.T) {
	c, fake, clk := setup(t, nil)
	fake.AddOrder(boltest.NewOrder("1", placed, boltest.Line{SKU: "A", Quantity: 1,
		UnitPrice: 100}))
	date := clk.Now().Add(time.Second).UTC().Format(http.TimeFormat)
	fake.Inject(boltest.RouteOrder, 1, boltest.Fault{Kind: boltest.RateLimit, RetryAfter: "1"})
	fake.Inject(boltest.RouteOrder, 1, boltest.Fault{Kind: boltest.RateLimit, RetryAfter: date})
	if _, err := c.Fetch(context.Background(), "1"); err != nil {
		t.Fatalf("Fetch after two 429s = %v, want success", err)
	}
	if n := fake.Requests(boltest.RouteOrder); n != 3 {
		t.Errorf("%d requests, want 3: two refused and one answered", n)
	}

	fake.Inject(boltest.RouteOrder, 10, boltest.Fault{Kind: boltest.RateLimit, RetryAfter: "0"})
	_, err := c.Fetch(context.Background(), "1")
	if err == nil || channel.IsPermanent(err) {
		t.Errorf("Fetch under a lasting 429 = %v, want a retryable error", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fake.Inject(boltest.RouteOrder, 1, boltest.Fault{Kind: boltest.RateLimit, RetryAfter: "60"})
	if _, err := c.Fetch(ctx, "1"); !errors.Is(err, context.Canceled) {
		t.Errorf("Fetch with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestServerErrorsAreRetryable(t *testing.T) {
	c, fake, _ := setup(t, nil)
	fake.AddOrder(boltest.NewOrder("1", placed, boltest.Line{SKU: "A", Quantity: 1,
		UnitPrice: 100}))
	fake.Inject(boltest.RouteOrder, 1, boltest.Fault{Kind: boltest.ServerError})
	_, err := c.Fetch(context.Background(), "1")
	if err == nil || channel.IsPermanent(err) || !strings.Contains(err.Error(), "503") {
		t.Errorf("Fetch on a 503 = %v, want a retryable error naming the status", err)
	}
	if _, err := c.Fetch(context.Background(), "1"); err != nil {
		t.Errorf("Fetch after the 503 = %v", err)
	}
}

func TestRefusalCarriesBolsText(t *testing.T) {
	c, fake, _ := setup(t, nil)
	fake.AddOrder(boltest.NewOrder("1", placed, boltest.Line{SKU: "A", Quantity: 1,
		UnitPrice: 100}))
	_, err := c.Ship(context.Background(), channel.Shipment{Key: "k1", OrderID: "1",
		Lines: []channel.Line{{LineID: "11", Quantity: 5}}, Carrier: "postnl",
		TrackingNumber: "3SABC"})
	var perm *channel.PermanentError
	if !errors.As(err, &perm) || perm.Status != http.StatusBadRequest ||
		!strings.Contains(perm.Detail, "orderItems[0].quantity: Quantity 5 exceeds") {
		t.Errorf("shipping more than ordered = %v, want a permanent 400 with bol's violation", err)
	}
	if n := len(fake.Shipments("1")); n != 0 {
		t.Errorf("%d shipments recorded, want 0", n)
	}
}

func TestChanged(t *testing.T) {
	c, fake, clk := setup(t, nil)
	since := clk.Now().Add(-2 * time.Hour)
	// 60 orders changed after since, more than one page, and two before.
	for i := range 60 {
		at := since.Add(time.Duration(60-i) * time.Minute)
		fake.AddOrder(boltest.NewOrder(fmt.Sprintf("7%03d", i), at,
			boltest.Line{SKU: "A", Quantity: 1, UnitPrice: 100}))
	}
	for _, id := range []string{"old1", "old2"} {
		fake.AddOrder(boltest.NewOrder(id, since.Add(-time.Minute),
			boltest.Line{SKU: "A", Quantity: 1, UnitPrice: 100}))
	}
	// An old order changed now counts; its change time is the mark.
	latest := since.Add(90 * time.Minute)
	fake.Touch("old2", latest)

	var got []string
	var prev time.Time
	mark, err := c.Changed(context.Background(), since, func(r channel.Report) error {
		if r.Order.UpdatedAt.Before(prev) {
			t.Errorf("order %s changed %v comes after one changed %v", r.Order.OrderID,
				r.Order.UpdatedAt, prev)
		}
		prev = r.Order.UpdatedAt
		got = append(got, r.Order.OrderID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 61 || got[len(got)-1] != "old2" {
		t.Errorf("Changed passed %d orders ending %v, want 61 ending with old2", len(got),
			got[max(0, len(got)-3):])
	}
	if !mark.Equal(latest) {
		t.Errorf("mark = %v, want the latest change %v", mark, latest)
	}

	stop := errors.New("stop")
	if _, err := c.Changed(context.Background(), since, func(channel.Report) error {
		return stop
	}); !errors.Is(err, stop) {
		t.Errorf("Changed = %v, want fn's error", err)
	}

	mark, err = c.Changed(context.Background(), clk.Now().Add(time.Hour),
		func(channel.Report) error { return errors.New("called") })
	if err != nil || !mark.Equal(clk.Now().Add(time.Hour)) {
		t.Errorf("Changed with nothing new = %v, %v; want since and no call", mark, err)
	}
}

func TestCancel(t *testing.T) {
	c, fake, _ := setup(t, nil)
	fake.AddOrder(boltest.NewOrder("1", placed, boltest.Line{SKU: "A", Quantity: 2,
		UnitPrice: 100}))
	if err := c.Cancel(context.Background(), []string{"11"}, "OUT_OF_STOCK"); err != nil {
		t.Fatal(err)
	}
	rep, err := c.Fetch(context.Background(), "1")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Cancelled == nil {
		t.Errorf("an order with every item cancelled is not reported cancelled")
	}
	err = c.Cancel(context.Background(), []string{"11"}, "OUT_OF_STOCK")
	if !channel.IsPermanent(err) {
		t.Errorf("cancelling a cancelled item = %v, want a permanent error", err)
	}
	if err := c.Cancel(context.Background(), []string{"11"}, "BORED"); err == nil {
		t.Errorf("Cancel with an unknown reason succeeded")
	}
}
