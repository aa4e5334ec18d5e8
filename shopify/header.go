package shopify

import (
	"net/http"
	"strings"
	"time"
)

// The order topics Ordo handles, as sent in X-Shopify-Topic.
const (
	TopicOrdersCreate    = "orders/create"
	TopicOrdersUpdated   = "orders/updated"
	TopicOrdersPaid      = "orders/paid"
	TopicOrdersCancelled = "orders/cancelled"
)

// Handled reports whether topic is one of the order topics Ordo handles.
// Ordo refuses other topics and keeps their deliveries in quarantine.
func Handled(topic string) bool {
	switch topic {
	case TopicOrdersCreate, TopicOrdersUpdated, TopicOrdersPaid, TopicOrdersCancelled:
		return true
	}
	return false
}

// Headers are the Shopify webhook headers Ordo reads. A field is empty, or
// the zero time, when the request did not carry it or carried it unreadable.
type Headers struct {
	// Topic names what happened, such as "orders/create".
	Topic string
	// ShopDomain is the shop's myshopify.com domain.
	ShopDomain string
	// EventID is shared by every delivery of one merchant action.
	EventID string
	// WebhookID is unique to one delivery and kept across its retries.
	WebhookID string
	// APIVersion is the API version the payload is written in.
	APIVersion string
	// Signature is the base64 HMAC-SHA256 of the body, for Verify.
	Signature string
	// TriggeredAt is when Shopify raised the webhook.
	TriggeredAt time.Time
}

// ParseHeaders reads the Shopify webhook headers from h. It accepts the
// classic X-Shopify-<Name> headers and the lowercase shopify-<name> headers
// of newer deliveries, in any letter case; when both are present the
// X-Shopify form wins.
func ParseHeaders(h http.Header) Headers {
	hs := Headers{
		Topic:      header(h, "Topic"),
		ShopDomain: header(h, "Shop-Domain"),
		EventID:    header(h, "Event-Id"),
		WebhookID:  header(h, "Webhook-Id"),
		APIVersion: header(h, "API-Version"),
		Signature:  header(h, "Hmac-Sha256"),
	}
	if at := header(h, "Triggered-At"); at != "" {
		if t, err := time.Parse(time.RFC3339Nano, at); err == nil {
			hs.TriggeredAt = t
		}
	}
	return hs
}

// DedupKey returns the key that recognises a redelivery of the same fact:
// the topic and the event id, or the topic and the webhook id when Shopify
// sent no event id. It returns "" when the request carried neither id.
func (h Headers) DedupKey() string {
	switch {
	case h.EventID != "":
		return h.Topic + ":" + h.EventID
	case h.WebhookID != "":
		return h.Topic + ":" + h.WebhookID
	}
	return ""
}

// header returns the first value of X-Shopify-<name> or shopify-<name>.
// http.Header.Get finds keys in canonical form, as net/http stores them; a
// header map built by hand may hold other spellings, so those are searched
// for as well.
func header(h http.Header, name string) string {
	for _, prefix := range []string{"X-Shopify-", "Shopify-"} {
		if v := h.Get(prefix + name); v != "" {
			return strings.TrimSpace(v)
		}
		for k, vs := range h {
			if strings.EqualFold(k, prefix+name) && len(vs) > 0 && vs[0] != "" {
				return strings.TrimSpace(vs[0])
			}
		}
	}
	return ""
}
