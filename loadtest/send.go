package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/shopify"
)

// The webhook topics a load test sends.
const (
	TopicOrdersCreate = shopify.TopicOrdersCreate
	TopicOrdersPaid   = shopify.TopicOrdersPaid
)

// APIVersion is the Shopify API version the webhooks claim to follow.
const APIVersion = "2026-07"

// Delivery is one webhook delivery: what Shopify POSTs once.
type Delivery struct {
	// Topic is the webhook topic, such as "orders/create".
	Topic string
	// EventID identifies the event. Every delivery of one event carries
	// it, which is what Ordo de-duplicates by.
	EventID string
	// WebhookID identifies the delivery. A retry may repeat it; a second
	// subscription to the same topic gets its own. Empty means a new random
	// one for each send.
	WebhookID string
	// Body is the payload, sent as is and signed.
	Body []byte
}

// Sender POSTs signed Shopify webhooks to a running Ordo. It is safe for
// concurrent use.
type Sender struct {
	// URL is Ordo's base URL, such as "http://127.0.0.1:8080".
	URL string
	// Secret is the shop's webhook secret, which signs each body.
	Secret []byte
	// ShopDomain is sent in X-Shopify-Shop-Domain, such as
	// "example-nl.myshopify.com".
	ShopDomain string
	// Client sends the requests; nil means http.DefaultClient. NewClient
	// makes one that keeps many connections alive.
	Client *http.Client
}

// maxDrain is how much of a response body Send reads so that the
// connection can be used again; a longer body closes it.
const maxDrain = 1 << 20

// Send POSTs d to Ordo's /webhooks/shopify and returns the response's
// status code and the latency from sending the request to reading the
// whole response. A status that is not 2xx is not an error; the error
// reports only a request that got no complete response.
func (s *Sender) Send(ctx context.Context, d Delivery) (int, time.Duration, error) {
	url := strings.TrimSuffix(s.URL, "/") + "/webhooks/shopify"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(d.Body))
	if err != nil {
		return 0, 0, fmt.Errorf("loadtest: send: %w", err)
	}
	webhookID := d.WebhookID
	if webhookID == "" {
		webhookID = newUUID()
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("X-Shopify-Topic", d.Topic)
	h.Set("X-Shopify-Hmac-Sha256", shopify.Sign(s.Secret, d.Body))
	h.Set("X-Shopify-Shop-Domain", s.ShopDomain)
	h.Set("X-Shopify-API-Version", APIVersion)
	h.Set("X-Shopify-Webhook-Id", webhookID)
	h.Set("X-Shopify-Event-Id", d.EventID)
	h.Set("X-Shopify-Triggered-At", time.Now().UTC().Format(time.RFC3339Nano))

	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	begin := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, time.Since(begin), fmt.Errorf("loadtest: send event %s: %w", d.EventID, err)
	}
	_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	latency := time.Since(begin)
	if err != nil {
		return resp.StatusCode, latency, fmt.Errorf("loadtest: send event %s: read response: %w",
			d.EventID, err)
	}
	return resp.StatusCode, latency, nil
}

// NewClient returns an HTTP client for concurrency workers that keeps a
// connection alive for each and gives up on a request after 30 seconds.
func NewClient(concurrency int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(concurrency, 100)
	t.MaxIdleConnsPerHost = max(concurrency, 1)
	t.IdleConnTimeout = 90 * time.Second
	return &http.Client{Transport: t, Timeout: 30 * time.Second}
}
