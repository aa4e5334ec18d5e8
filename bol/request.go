package bol

import (
	"bytes"
	"cmp"
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

const (
	// maxBody caps what is read of an answer.
	maxBody = 8 << 20
	// rateLimitRetries is how often a call that met 429 is sent again.
	rateLimitRetries = 3
)

// request is one call to the API: a path below the base URL, an optional
// query and an optional JSON body.
type request struct {
	method string
	path   string
	query  url.Values
	body   any
}

// url returns the absolute address of r.
func (c *Client) url(r request) string {
	u := c.opts.BaseURL + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	return u
}

// encode returns r's body as JSON, or nil when r has none.
func (r request) encode() ([]byte, error) {
	if r.body == nil {
		return nil, nil
	}
	data, err := json.Marshal(r.body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: encode body: %w", r.method, r.path, err)
	}
	return data, nil
}

// plan returns rs as the requests shadow mode records, with the bodies
// send would send.
func (c *Client) plan(rs ...request) ([]channel.Request, error) {
	out := make([]channel.Request, 0, len(rs))
	for _, r := range rs {
		body, err := r.encode()
		if err != nil {
			return nil, err
		}
		out = append(out, channel.Request{Method: r.method, URL: c.url(r), Body: body})
	}
	return out, nil
}

// send makes r and decodes a 2xx answer into out, unless out is nil. It
// renews a refused token once and waits out 429s; other failures are
// returned as described in the package documentation.
func (c *Client) send(ctx context.Context, r request, out any) error {
	body, err := r.encode()
	if err != nil {
		return err
	}
	renewed := false
	for attempt := 0; ; attempt++ {
		status, header, data, err := c.roundTrip(ctx, r, body)
		if err != nil {
			return err
		}
		switch {
		case status >= 200 && status < 300:
			return decodeAnswer(r, data, out)
		case status == http.StatusUnauthorized && !renewed:
			renewed = true
			continue
		case status == http.StatusTooManyRequests && attempt < rateLimitRetries:
			if err := channel.Sleep(ctx, channel.RetryAfter(header, c.opts.Now(), time.Second,
				c.opts.MaxRetryWait)); err != nil {
				return fmt.Errorf("%s %s: wait after HTTP 429: %w", r.method, r.path, err)
			}
			continue
		}
		return c.failure(r, status, data)
	}
}

// roundTrip sends r once with a current token and reads the answer. A token
// the API refuses with 401 is dropped so that the next attempt fetches one.
func (c *Client) roundTrip(ctx context.Context, r request, body []byte) (
	int, http.Header, []byte, error) {
	token, err := c.tokens.get(ctx)
	if err != nil {
		return 0, nil, nil, err
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, c.url(r), rd)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	req.Header.Set("Accept", mediaType)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", mediaType)
	}
	resp, err := c.opts.HTTP.Do(req)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%s %s: read answer: %w", r.method, r.path, err)
	}
	if resp.StatusCode == http.StatusUnauthorized {
		c.tokens.drop(token)
	}
	return resp.StatusCode, resp.Header, data, nil
}

// decodeAnswer decodes data into out.
func decodeAnswer(r request, data []byte, out any) error {
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: %w: %w", r.method, r.path, ErrMalformed, err)
	}
	return nil
}

// failure returns the error for a non-2xx answer: permanent for a 4xx other
// than 429, plain otherwise.
func (c *Client) failure(r request, status int, data []byte) error {
	detail := problemDetail(data, status)
	if refused(status) {
		perm := &channel.PermanentError{Channel: c.opts.ChannelID, Status: status,
			Detail: detail}
		return fmt.Errorf("%s %s: %w", r.method, r.path, perm)
	}
	return fmt.Errorf("%s %s: HTTP %d: %s", r.method, r.path, status, detail)
}

// refused reports whether status is a refusal that sending again cannot
// change: a 4xx other than 429.
func refused(status int) bool {
	return status >= 400 && status < 500 && status != http.StatusTooManyRequests
}

// problem is bol.com's error body.
type problem struct {
	Title      string `json:"title"`
	Detail     string `json:"detail"`
	Violations []struct {
		Name   string `json:"name"`
		Reason string `json:"reason"`
	} `json:"violations"`
}

// problemDetail returns bol.com's own words from an error body: the detail
// (or title) followed by each violation, or the start of the body when it
// is not a problem object.
func problemDetail(data []byte, status int) string {
	var p problem
	if err := json.Unmarshal(data, &p); err != nil || (p.Detail == "" && p.Title == "") {
		text := strings.TrimSpace(string(data))
		if len(text) > 200 {
			text = text[:200] + "…"
		}
		return cmp.Or(text, http.StatusText(status))
	}
	parts := []string{cmp.Or(p.Detail, p.Title)}
	for _, v := range p.Violations {
		parts = append(parts, v.Name+": "+v.Reason)
	}
	return strings.Join(parts, "; ")
}

// ErrMalformed is returned, wrapped with the detail, for a payload the
// package cannot read: an order, list or push message that is not the JSON
// bol.com documents, or an amount, quantity or time that is not one.
var ErrMalformed = errors.New("bol: malformed payload")
