package square

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// Version is the Square API version Ordo speaks, sent as Square-Version on
// every request. It is the version of Square's SDK releases of July 2026.
const Version = "2026-07-15"

// DefaultBaseURL is Square's production API.
const DefaultBaseURL = "https://connect.squareup.com"

// Limits on waiting for Square's rate limiter within one call.
const (
	maxRateLimited = 3
	maxRetryAfter  = 30 * time.Second
)

// Options configure a Client.
type Options struct {
	// ChannelID names the channel in Ordo's configuration. Required.
	ChannelID string
	// BaseURL is Square's API; DefaultBaseURL when empty. The sandbox is
	// https://connect.squareupsandbox.com.
	BaseURL string
	// AccessToken is the seller's OAuth or personal access token, with
	// ORDERS_READ and ORDERS_WRITE. Required; never printed.
	AccessToken string
	// LocationIDs are the locations Changed searches: 1 to 10, as Search
	// Orders allows. Required for Changed only.
	LocationIDs []string
	// HTTP is the client requests are sent with; one with a 30 second
	// timeout when nil.
	HTTP *http.Client
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Client talks to one Square seller's Orders API. It is safe for
// concurrent use.
type Client struct {
	opts Options
	base *url.URL
}

var (
	_ channel.Source   = (*Client)(nil)
	_ channel.Notifier = (*Client)(nil)
)

// New returns a client for o, or an error naming the option at fault.
func New(o Options) (*Client, error) {
	if o.ChannelID == "" {
		return nil, errors.New("square: Options.ChannelID is required")
	}
	if o.AccessToken == "" {
		return nil, errors.New("square: Options.AccessToken is required")
	}
	if len(o.LocationIDs) > 10 {
		return nil, fmt.Errorf("square: Options.LocationIDs has %d locations; Search "+
			"Orders takes at most 10, so configure one channel per 10 locations",
			len(o.LocationIDs))
	}
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	base, err := url.Parse(strings.TrimRight(o.BaseURL, "/"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("square: Options.BaseURL %q is not an absolute URL", o.BaseURL)
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Client{opts: o, base: base}, nil
}

// endpoint returns the URL of path under the base URL.
func (c *Client) endpoint(path string) string { return c.base.String() + path }

// do sends one API call and decodes a 2xx answer into out. It waits out a
// 429 as Retry-After asks, a few times, then gives up with a retryable
// error. A 5xx or network failure is a plain error, to be retried later;
// any other 4xx is a *channel.PermanentError carrying Square's detail.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
	}
	for attempt := 0; ; attempt++ {
		resp, err := c.send(ctx, method, path, body)
		if err != nil {
			return err
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("%s %s: read answer: %w", method, path, err)
		}
		switch {
		case resp.StatusCode/100 == 2:
			if out == nil {
				return nil
			}
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("%s %s: decode answer: %w", method, path, err)
			}
			return nil
		case resp.StatusCode == http.StatusTooManyRequests && attempt < maxRateLimited:
			if err := channel.Sleep(ctx, channel.RetryAfter(resp.Header, c.opts.Now(), time.Second,
				maxRetryAfter)); err != nil {
				return fmt.Errorf("%s %s: waiting out the rate limit: %w", method, path, err)
			}
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
			return fmt.Errorf("%s %s: Square answered %d: %s", method, path,
				resp.StatusCode, detail(data))
		default:
			return c.refusal(resp.StatusCode, data)
		}
	}
}

// send makes one request with the headers every Square call carries.
func (c *Client) send(ctx context.Context, method, path string, body []byte) (*http.Response, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint(path), r)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.opts.AccessToken)
	req.Header.Set("Square-Version", Version)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.opts.HTTP.Do(req)
	if err != nil {
		// The error names the URL but never the token, which is a header.
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	return resp, nil
}

// refusal is a 4xx answer: a *channel.PermanentError, which also wraps
// channel.ErrNotFound for a 404, with Square's error codes kept aside.
type refusal struct {
	codes []string
	perm  *channel.PermanentError
}

func (r *refusal) Error() string { return r.perm.Error() }

// Unwrap returns the permanent error, and channel.ErrNotFound for a 404.
func (r *refusal) Unwrap() []error {
	if r.perm.Status == http.StatusNotFound {
		return []error{r.perm, channel.ErrNotFound}
	}
	return []error{r.perm}
}

// refusal turns a 4xx answer into a *refusal.
func (c *Client) refusal(status int, data []byte) error {
	r := &refusal{perm: &channel.PermanentError{Channel: c.opts.ChannelID, Status: status,
		Detail: detail(data)}}
	var e errorBody
	if json.Unmarshal(data, &e) == nil {
		for _, x := range e.Errors {
			r.codes = append(r.codes, x.Code)
		}
	}
	return r
}

// detail returns Square's own words from an error body: each error's code
// and detail, joined; or the start of the body when it is not Square's
// error shape.
func detail(data []byte) string {
	var e errorBody
	if json.Unmarshal(data, &e) == nil && len(e.Errors) > 0 {
		parts := make([]string, 0, len(e.Errors))
		for _, x := range e.Errors {
			s := x.Code + ": " + x.Detail
			if x.Field != "" {
				s += " (" + x.Field + ")"
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, "; ")
	}
	s := strings.TrimSpace(string(data))
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}

// hasCode reports whether err is Square's refusal with the given error
// code, such as VERSION_MISMATCH.
func hasCode(err error, code string) bool {
	var r *refusal
	return errors.As(err, &r) && slices.Contains(r.codes, code)
}
