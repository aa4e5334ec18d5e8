package shopify

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseHeaders(t *testing.T) {
	triggered := time.Date(2025, 7, 10, 16, 15, 47, 0, time.UTC)
	want := Headers{
		Topic:       "orders/create",
		ShopDomain:  "snowdevil.myshopify.com",
		EventID:     "59d6d79c-595f-4e7e-bc6f-72f5c3d0c66f",
		WebhookID:   "545ebdd4-b7be-4d3d-b14e-54aa78e0e0f9",
		APIVersion:  "2026-07",
		Signature:   "xT6yH5jZfQm6Q3lC8nA0r7sV2bP9dK1eL4wG0hM5nYI=",
		TriggeredAt: triggered,
	}
	values := map[string]string{
		"Topic":        want.Topic,
		"Shop-Domain":  want.ShopDomain,
		"Event-Id":     want.EventID,
		"Webhook-Id":   want.WebhookID,
		"API-Version":  want.APIVersion,
		"Hmac-Sha256":  want.Signature,
		"Triggered-At": "2025-07-10T16:15:47.000000Z",
	}
	build := map[string]func(name, value string, h http.Header){
		"X-Shopify names, canonical": func(n, v string, h http.Header) { h.Set("X-Shopify-"+n, v) },
		"shopify names, canonical":   func(n, v string, h http.Header) { h.Set("shopify-"+n, v) },
		"X-Shopify names, as sent": func(n, v string, h http.Header) {
			h["X-Shopify-"+n] = []string{v}
		},
		"shopify names, lower case as HTTP/2 sends": func(n, v string, h http.Header) {
			h["shopify-"+lower(n)] = []string{v}
		},
	}
	for name, set := range build {
		t.Run(name, func(t *testing.T) {
			h := http.Header{}
			for n, v := range values {
				set(n, v, h)
			}
			if diff := cmp.Diff(want, ParseHeaders(h)); diff != "" {
				t.Errorf("ParseHeaders (-want +got):\n%s", diff)
			}
		})
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func TestParseHeadersPrefersXShopify(t *testing.T) {
	h := http.Header{}
	h.Set("X-Shopify-Topic", "orders/paid")
	h.Set("Shopify-Topic", "orders/create")
	if got := ParseHeaders(h).Topic; got != "orders/paid" {
		t.Errorf("Topic = %q, want the X-Shopify value orders/paid", got)
	}
}

func TestParseHeadersIgnoresBadTime(t *testing.T) {
	h := http.Header{}
	h.Set("X-Shopify-Triggered-At", "yesterday")
	if got := ParseHeaders(h).TriggeredAt; !got.IsZero() {
		t.Errorf("TriggeredAt = %v, want the zero time", got)
	}
}

func TestDedupKey(t *testing.T) {
	tests := []struct {
		name string
		h    Headers
		want string
	}{
		{"event id", Headers{Topic: "orders/paid", EventID: "e1", WebhookID: "w1"}, "orders/paid:e1"},
		{"webhook id only", Headers{Topic: "orders/paid", WebhookID: "w1"}, "orders/paid:w1"},
		{"neither id", Headers{Topic: "orders/paid"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.h.DedupKey(); got != tt.want {
				t.Errorf("DedupKey = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHandled(t *testing.T) {
	for _, topic := range []string{TopicOrdersCreate, TopicOrdersUpdated,
		TopicOrdersPaid, TopicOrdersCancelled} {
		if !Handled(topic) {
			t.Errorf("Handled(%q) = false, want true", topic)
		}
	}
	for _, topic := range []string{"", "orders/edited", "refunds/create", "ORDERS/CREATE"} {
		if Handled(topic) {
			t.Errorf("Handled(%q) = true, want false", topic)
		}
	}
}
