package shopify

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// APIVersion is the REST Admin API version every request names in its
// path. Shopify releases a version each quarter and supports it for at
// least twelve months; 2026-10 is the newest stable version as of this
// package's writing. A request for a version Shopify no longer supports is
// answered by the oldest one it still does.
const APIVersion = "2026-10"

// Retry limits for answers of 429 Too Many Requests.
const (
	// maxAttempts is how many times one call is sent before a 429 is given
	// back as a retryable error.
	maxAttempts = 4
	// maxWait caps the wait that one Retry-After can ask for.
	maxWait = 10 * time.Second
	// defaultWait is the wait after a 429 without a usable Retry-After:
	// the time the standard plan's bucket takes to leak one request.
	defaultWait = 500 * time.Millisecond
)

// AdminOptions configure an Admin client.
type AdminOptions struct {
	// ChannelID names the channel in Ordo's configuration, such as
	// "shop-nl"; it is the ChannelID of every order read and the Channel of
	// every *channel.PermanentError.
	ChannelID string
	// ShopDomain is the shop's myshopify.com domain, such as
	// "example.myshopify.com".
	ShopDomain string
	// AccessToken is the Admin API access token of the app installed in the
	// shop, sent in the X-Shopify-Access-Token header. It never appears in
	// an error.
	AccessToken string
	// BaseURL replaces https://{ShopDomain}, the scheme and host requests
	// go to, such as the URL of a shopifytest.Server. The path
	// /admin/api/{APIVersion} is always added to it, so it has none itself.
	BaseURL string
	// HTTP sends the requests; nil means a client with a 30-second timeout.
	HTTP *http.Client
	// Now tells the time, for Retry-After given as a date; nil means
	// time.Now.
	Now func() time.Time
}

// Admin is a client of one shop's REST Admin API. It reads orders (it is a
// channel.Source), confirms shipments as fulfilments (a channel.Notifier),
// and cancels and refunds orders. It is safe for concurrent use.
type Admin struct {
	channelID string
	token     string
	base      string // scheme, host and /admin/api/{version}
	http      *http.Client
	now       func() time.Time

	mu    sync.Mutex
	limit callLimit // the bucket as the latest answer reported it
}

// callLimit is the X-Shopify-Shop-Api-Call-Limit header: how many requests
// fill the app's bucket in the shop, of how many it holds.
type callLimit struct{ used, size int }

var (
	_ channel.Source   = (*Admin)(nil)
	_ channel.Notifier = (*Admin)(nil)
)

// NewAdmin returns a client for the shop that opts names. Its validation
// error names the option at fault.
func NewAdmin(opts AdminOptions) (*Admin, error) {
	if opts.ChannelID == "" {
		return nil, errors.New("shopify: AdminOptions.ChannelID is empty")
	}
	if opts.AccessToken == "" {
		return nil, errors.New("shopify: AdminOptions.AccessToken is empty")
	}
	base, err := baseURL(opts)
	if err != nil {
		return nil, err
	}
	a := &Admin{
		channelID: opts.ChannelID,
		token:     opts.AccessToken,
		base:      base + "/admin/api/" + APIVersion,
		http:      opts.HTTP,
		now:       opts.Now,
	}
	if a.http == nil {
		a.http = &http.Client{Timeout: 30 * time.Second}
	}
	if a.now == nil {
		a.now = time.Now
	}
	return a, nil
}

// baseURL returns the scheme and host that opts name, without a trailing
// slash.
func baseURL(opts AdminOptions) (string, error) {
	if opts.BaseURL == "" {
		d := opts.ShopDomain
		if d == "" || strings.ContainsAny(d, "/:?#@ ") {
			return "", fmt.Errorf("shopify: AdminOptions.ShopDomain %q is not a domain "+
				"such as example.myshopify.com", d)
		}
		return "https://" + d, nil
	}
	u, err := url.Parse(opts.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("shopify: AdminOptions.BaseURL %q is not an http(s) URL",
			opts.BaseURL)
	}
	if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
		return "", fmt.Errorf("shopify: AdminOptions.BaseURL %q has a path or query; "+
			"give the scheme and host only", opts.BaseURL)
	}
	return u.Scheme + "://" + u.Host, nil
}

// CallLimit returns the fill of the app's request bucket in the shop as
// the latest answer reported it, and the bucket's size; both are zero
// before the first answer.
func (a *Admin) CallLimit() (used, size int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.limit.used, a.limit.size
}

// noteCallLimit records the X-Shopify-Shop-Api-Call-Limit header of h,
// such as "32/40", when it has one.
func (a *Admin) noteCallLimit(h http.Header) {
	used, size, ok := strings.Cut(h.Get("X-Shopify-Shop-Api-Call-Limit"), "/")
	if !ok {
		return
	}
	u, err1 := strconv.Atoi(strings.TrimSpace(used))
	s, err2 := strconv.Atoi(strings.TrimSpace(size))
	if err1 != nil || err2 != nil || s <= 0 {
		return
	}
	a.mu.Lock()
	a.limit = callLimit{used: u, size: s}
	a.mu.Unlock()
}

// bucketFull reports whether the latest answer left the bucket full, so
// that the next request would be refused.
func (a *Admin) bucketFull() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.limit.size > 0 && a.limit.used >= a.limit.size
}

// validID checks that id is one of Shopify's numeric ids, so that it can
// go into a path as it is.
func (a *Admin) validID(what, id string) error {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 {
		return a.refuse("%s %q is not a Shopify id (a positive integer)", what, id)
	}
	return nil
}

// refuse returns the *channel.PermanentError of a request Ordo will not
// send, such as a shipment without a tracking number, in its own words.
func (a *Admin) refuse(format string, args ...any) error {
	return &channel.PermanentError{Channel: a.channelID, Detail: fmt.Sprintf(format, args...)}
}
