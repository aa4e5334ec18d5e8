package shopify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ordo-oms/ordo/channel"
)

// maxBody caps what is read of one answer; a page of 250 orders is well
// below it.
const maxBody = 64 << 20

// call sends one request to the Admin API, path being relative to
// /admin/api/{version}, such as "/orders/450789469.json". It encodes body,
// when not nil, as JSON, and decodes a 2xx answer into out, when not nil.
// It waits a moment first when the latest answer left the bucket full; a
// 429 is waited out for its Retry-After and sent again, up to maxAttempts
// times in all. It returns the answer's headers, or an error: a
// *channel.PermanentError for a 4xx other than 429, and a plain, retryable
// error for a 5xx, a 429 that did not pass, a network failure or a
// timeout.
func (a *Admin) call(ctx context.Context, method, path string, query url.Values,
	body, out any) (http.Header, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return nil, fmt.Errorf("%s %s: encode body: %w", method, path, err)
		}
	}
	target := a.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	if a.bucketFull() {
		if err := channel.Sleep(ctx, defaultWait); err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	for attempt := 1; ; attempt++ {
		resp, data, err := a.send(ctx, method, target, payload)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, path, err)
		}
		a.noteCallLimit(resp.Header)
		if resp.StatusCode == http.StatusTooManyRequests && attempt < maxAttempts {
			// The 429 reports the bucket full; its Retry-After is the wait.
			if err := channel.Sleep(ctx, channel.RetryAfter(resp.Header, a.now(), defaultWait,
				maxWait)); err != nil {
				return nil, fmt.Errorf("%s %s: %w", method, path, err)
			}
			continue
		}
		if err := a.check(resp.StatusCode, data); err != nil {
			return nil, fmt.Errorf("%s %s: %w", method, path, err)
		}
		if out != nil {
			if err := json.Unmarshal(data, out); err != nil {
				return nil, fmt.Errorf("%s %s: decode answer: %w", method, path, err)
			}
		}
		return resp.Header, nil
	}
}

// send makes one HTTP request and reads the whole answer.
func (a *Admin) send(ctx context.Context, method, target string,
	payload []byte) (*http.Response, []byte, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("X-Shopify-Access-Token", a.token)
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, nil, fmt.Errorf("read answer: %w", err)
	}
	return resp, data, nil
}

// check turns a status other than 2xx into an error: permanent for a 4xx,
// plain (retryable) for the rest.
func (a *Admin) check(status int, data []byte) error {
	switch {
	case status >= 200 && status < 300:
		return nil
	case status == http.StatusTooManyRequests || status >= 500:
		return fmt.Errorf("HTTP %d: %s", status, errorText(status, data))
	case status >= 400:
		return &channel.PermanentError{Channel: a.channelID, Status: status,
			Detail: errorText(status, data)}
	}
	return fmt.Errorf("unexpected HTTP %d", status)
}

// errorText returns Shopify's own words from an error body. Shopify puts
// them under "errors" (or, on a few endpoints, "error") as a string, a list
// of strings, or an object of field names to a message or a list of
// messages. A body without them is quoted, shortened; an empty one gives
// the status text.
func errorText(status int, data []byte) string {
	var body struct {
		Errors json.RawMessage `json:"errors"`
		Error  json.RawMessage `json:"error"`
	}
	if json.Unmarshal(data, &body) == nil {
		for _, raw := range []json.RawMessage{body.Errors, body.Error} {
			if text := messages(raw); text != "" {
				return text
			}
		}
	}
	text := strings.TrimSpace(string(data))
	if text == "" {
		return http.StatusText(status)
	}
	if len(text) > 300 {
		text = text[:300] + "…"
	}
	return text
}

// messages flattens one "errors" value into a line of text.
func messages(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "; ")
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		msg := messages(fields[k])
		if k != "base" {
			msg = k + ": " + msg
		}
		parts = append(parts, msg)
	}
	return strings.Join(parts, "; ")
}
