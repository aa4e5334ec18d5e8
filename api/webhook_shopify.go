package api

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/shopify"
	"github.com/ordo-oms/ordo/store"
)

// shopifyWebhook takes an order webhook from Shopify. The signature is
// checked before anything in the body is read; the answer is 200 only once
// what the webhook said is committed.
func (s *Server) shopifyWebhook(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	h := shopify.ParseHeaders(r.Header)
	ch, err := s.verifyShopify(r, h, body)
	if err != nil {
		return err
	}
	if !shopify.Handled(h.Topic) {
		return s.quarantine(r, ch.ID, body, errorf(codeInvalid, "Topic not handled",
			"Ordo takes orders/create, orders/updated, orders/paid and orders/cancelled, "+
				"not %q; remove that subscription", h.Topic))
	}
	m, err := shopify.Map(ch.ID, body)
	if err != nil {
		return s.quarantine(r, ch.ID, body, errorf(codeInvalid, "Unreadable order", "%v", err))
	}

	key := h.DedupKey()
	if key == "" {
		sum := sha256.Sum256(body)
		key = h.Topic + ":sha256:" + hex.EncodeToString(sum[:])
	}
	rep := ingest.Report{
		Key:   "shopify:" + ch.ID + ":" + key,
		Order: m.Order,
		Meta: store.Meta{
			TraceID:        traceID(r.Context()),
			CausationID:    h.WebhookID,
			CorrelationID:  h.EventID,
			IdempotencyKey: key,
			OccurredAt:     occurred(h, m),
		},
	}
	rep.Cancelled = m.Cancellation()
	res, err := s.Orders.Receive(r.Context(), rep)
	if err != nil {
		return err
	}
	s.count(ch.ID, res)
	writeJSON(w, http.StatusOK, res)
	return nil
}

// verifyShopify finds the channel a webhook is for and checks its signature.
// A failure stores nothing: it is counted and logged.
func (s *Server) verifyShopify(r *http.Request, h shopify.Headers,
	body []byte) (config.Channel, error) {
	ch, ok := s.Config.ChannelByDomain(h.ShopDomain)
	if !ok || ch.Kind != "shopify" {
		s.Metrics.Unverified.WithLabelValues("unknown").Inc()
		s.Log.WarnContext(r.Context(), "webhook from unknown shop", "shop_domain", h.ShopDomain)
		return ch, errorf(codeUnauthorized, "Unknown shop",
			"no Shopify channel is configured for shop domain %q", h.ShopDomain)
	}
	if err := shopify.Verify([]byte(ch.Secret.Reveal()), body, h.Signature); err != nil {
		s.Metrics.Unverified.WithLabelValues(ch.ID).Inc()
		s.Log.WarnContext(r.Context(), "webhook signature refused", "channel_id", ch.ID,
			"error", err)
		detail := "X-Shopify-Hmac-Sha256 does not match the body; check the channel's secret"
		if errors.Is(err, shopify.ErrMissingSignature) {
			detail = "the request has no X-Shopify-Hmac-Sha256 header"
		}
		return ch, errorf(codeUnauthorized, "Signature refused", "%s", detail)
	}
	return ch, nil
}

func occurred(h shopify.Headers, m shopify.Mapped) time.Time {
	if !h.TriggeredAt.IsZero() {
		return h.TriggeredAt
	}
	return m.Order.UpdatedAt
}

// count records the outcome of a report in the metrics.
func (s *Server) count(channelID string, res ingest.Result) {
	if res.Duplicate {
		s.Metrics.Duplicates.WithLabelValues(channelID).Inc()
		return
	}
	s.Metrics.Ingested.WithLabelValues(channelID, string(res.Outcome)).Inc()
}
