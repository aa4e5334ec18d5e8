package amazon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// The default addresses: the European SP-API endpoint and the Login with
// Amazon token endpoint, which serves every region.
const (
	DefaultEndpoint = "https://sellingpartnerapi-eu.amazon.com"
	DefaultTokenURL = "https://api.amazon.com/auth/o2/token"
)

const (
	// maxAttempts bounds the tries of one call that Amazon answers with 429.
	maxAttempts = 4
	// maxWait caps how long one 429 answer is waited out.
	maxWait = time.Minute
	// userAgent names Ordo to Amazon in the form SP-API asks for.
	userAgent = "Ordo/1.0 (Language=Go)"
)

// Options configure a Client. ChannelID, ClientID, ClientSecret,
// RefreshToken and at least one MarketplaceID are required.
type Options struct {
	// ChannelID names the channel in Ordo's configuration.
	ChannelID string
	// Endpoint is the regional SP-API endpoint; DefaultEndpoint if empty.
	Endpoint string
	// TokenURL is the Login with Amazon token endpoint; DefaultTokenURL if
	// empty.
	TokenURL string
	// ClientID and ClientSecret are the LWA credentials of the application.
	ClientID     string
	ClientSecret string
	// RefreshToken is the selling partner's authorisation of the
	// application.
	RefreshToken string
	// MarketplaceIDs are the marketplaces whose orders Changed reads, such
	// as A1805IZSGTT6HS for Amazon.nl. PlanShipment uses the first.
	MarketplaceIDs []string
	// HTTP is the client for every request; http.DefaultClient if nil. Its
	// Timeout bounds each request.
	HTTP *http.Client
	// Now returns the current time; time.Now if nil.
	Now func() time.Time
}

// Client reads orders from SP-API and confirms their shipments. It is safe
// for concurrent use. It implements channel.Source and channel.Notifier.
type Client struct {
	channelID    string
	endpoint     string
	marketplaces []string
	http         *http.Client
	now          func() time.Time
	tokens       *tokenSource
	limits       limits
	// backoff is the first wait after a 429 without Retry-After.
	backoff time.Duration
}

var (
	_ channel.Source   = (*Client)(nil)
	_ channel.Notifier = (*Client)(nil)
)

// New returns a Client for o, or an error naming the first option missing
// or malformed.
func New(o Options) (*Client, error) {
	if o.Endpoint == "" {
		o.Endpoint = DefaultEndpoint
	}
	if o.TokenURL == "" {
		o.TokenURL = DefaultTokenURL
	}
	if o.HTTP == nil {
		o.HTTP = http.DefaultClient
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	c := &Client{
		channelID:    o.ChannelID,
		endpoint:     strings.TrimRight(o.Endpoint, "/"),
		marketplaces: append([]string(nil), o.MarketplaceIDs...),
		http:         o.HTTP,
		now:          o.Now,
		limits:       newLimits(),
		backoff:      time.Second,
		tokens: &tokenSource{channelID: o.ChannelID, url: o.TokenURL, clientID: o.ClientID,
			clientSecret: o.ClientSecret, refreshToken: o.RefreshToken, http: o.HTTP,
			now: o.Now},
	}
	return c, nil
}

// validate returns an error naming the first missing or malformed option.
func (o Options) validate() error {
	required := []struct{ name, value string }{
		{"ChannelID", o.ChannelID}, {"ClientID", o.ClientID},
		{"ClientSecret", o.ClientSecret}, {"RefreshToken", o.RefreshToken},
	}
	for _, r := range required {
		if strings.TrimSpace(r.value) == "" {
			return fmt.Errorf("amazon: options: %s is required", r.name)
		}
	}
	if len(o.MarketplaceIDs) == 0 {
		return errors.New("amazon: options: MarketplaceIDs needs at least one marketplace")
	}
	for _, u := range []struct{ name, value string }{
		{"Endpoint", o.Endpoint}, {"TokenURL", o.TokenURL}} {
		p, err := url.Parse(u.value)
		if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
			return fmt.Errorf("amazon: options: %s %q is not an http(s) URL", u.name, u.value)
		}
	}
	return nil
}

// errorList is SP-API's error body.
type errorList struct {
	Errors []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Details string `json:"details"`
	} `json:"errors"`
}

// text joins the errors into one line for an operator.
func (e errorList) text() string {
	var parts []string
	for _, x := range e.Errors {
		s := x.Code + ": " + x.Message
		if x.Details != "" {
			s += " (" + x.Details + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// hasCode reports whether any error has the code.
func (e errorList) hasCode(code string) bool {
	for _, x := range e.Errors {
		if x.Code == code {
			return true
		}
	}
	return false
}

// call makes one SP-API request for operation op, waiting for its rate
// limiter, and decodes a successful answer's body into out when out is not
// nil. It logs in again once when the token is refused, and waits out 429
// answers up to maxAttempts tries. A 5xx answer or a network error is
// returned as a plain error; a 404 wraps channel.ErrNotFound and a
// *channel.PermanentError; any other 4xx is a *channel.PermanentError.
func (c *Client) call(ctx context.Context, op, method, path string, query url.Values,
	body []byte, out any) error {
	relogged := false
	wait := c.backoff
	for attempt := 1; ; attempt++ {
		status, hdr, data, token, err := c.send(ctx, op, method, path, query, body)
		if err != nil {
			return err
		}
		var el errorList
		if status >= 400 {
			_ = json.Unmarshal(data, &el)
		}
		switch {
		case status >= 200 && status < 300:
			return decodeBody(data, out)
		case isTokenRefusal(status, el) && !relogged:
			relogged = true
			c.tokens.forget(token)
			continue
		case status == http.StatusTooManyRequests && attempt < maxAttempts:
			if err := channel.Sleep(ctx, channel.RetryAfter(hdr, c.now(), wait, maxWait)); err != nil {
				return err
			}
			wait *= 2
			continue
		}
		return c.failure(status, el, data)
	}
}

// send makes one request and returns its status, headers and body, and the
// access token it used.
func (c *Client) send(ctx context.Context, op, method, path string, query url.Values,
	body []byte) (int, http.Header, []byte, string, error) {
	limit := c.limits[op]
	if err := limit.wait(ctx); err != nil {
		return 0, nil, nil, "", err
	}
	token, err := c.tokens.get(ctx)
	if err != nil {
		return 0, nil, nil, "", err
	}
	u := c.endpoint + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, nil, nil, "", err
	}
	req.Header.Set("x-amz-access-token", token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", userAgent)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return 0, nil, nil, "", fmt.Errorf("read answer: %w", err)
	}
	if h := resp.Header.Get("x-amzn-RateLimit-Limit"); h != "" {
		limit.adopt(h)
	}
	return resp.StatusCode, resp.Header, data, token, nil
}

// failure turns an unsuccessful answer into the error call returns.
func (c *Client) failure(status int, el errorList, data []byte) error {
	detail := el.text()
	if detail == "" {
		detail = strings.TrimSpace(string(data))
	}
	if detail == "" {
		detail = http.StatusText(status)
	}
	perm := &channel.PermanentError{Channel: c.channelID, Status: status, Detail: detail}
	switch {
	case status == http.StatusNotFound:
		return fmt.Errorf("%w: %w", channel.ErrNotFound, perm)
	case status == http.StatusTooManyRequests:
		return fmt.Errorf("quota still exceeded after %d tries: %s", maxAttempts, detail)
	case status >= 400 && status < 500:
		return perm
	}
	return fmt.Errorf("HTTP %d: %s", status, detail)
}

// isTokenRefusal reports whether SP-API refused the access token: 401, or
// 403 with the code Unauthorized, which is how it answers an expired,
// revoked or malformed token.
func isTokenRefusal(status int, el errorList) bool {
	return status == http.StatusUnauthorized ||
		(status == http.StatusForbidden && el.hasCode("Unauthorized"))
}

// decodeBody decodes a successful answer's body into out.
func decodeBody(data []byte, out any) error {
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return nil
}
