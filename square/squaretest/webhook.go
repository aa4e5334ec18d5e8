package squaretest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// MerchantID is the merchant the fake's webhook events come from.
const MerchantID = "MLQ4ZP0TXW2DS"

// Webhook builds the delivery Square would post to notificationURL for an
// event of the given type (order.created, order.updated or payment.updated)
// about the order as it is now, signed with the subscription's
// signatureKey. It returns the raw body and the headers to post it with.
func (s *Server) Webhook(orderID, eventType, notificationURL string,
	signatureKey []byte) ([]byte, http.Header, error) {
	s.mu.Lock()
	o, ok := s.orders[orderID]
	if !ok {
		s.mu.Unlock()
		return nil, nil, fmt.Errorf("squaretest: webhook: no order %s", orderID)
	}
	s.events++
	n, now, c := s.events, Timestamp(time.Now()), clone(*o)
	s.mu.Unlock()

	data, err := eventData(c, eventType)
	if err != nil {
		return nil, nil, err
	}
	body, err := json.Marshal(map[string]any{
		"merchant_id": MerchantID,
		"type":        eventType,
		"event_id":    fmt.Sprintf("0d6f1c3e-7b8a-4e21-9c55-%012d", n),
		"created_at":  now,
		"data":        data,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("squaretest: webhook: %w", err)
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-Square-Hmacsha256-Signature", Sign(signatureKey, notificationURL, body))
	return body, h, nil
}

// eventData is the data member of the event about o.
func eventData(o Order, eventType string) (map[string]any, error) {
	about := map[string]any{
		"order_id": o.ID, "location_id": o.LocationID, "state": o.State,
		"version": o.Version, "created_at": o.CreatedAt, "updated_at": o.UpdatedAt,
	}
	switch eventType {
	case "order.created":
		delete(about, "updated_at")
		return map[string]any{"type": "order_created", "id": o.ID,
			"object": map[string]any{"order_created": about}}, nil
	case "order.updated":
		return map[string]any{"type": "order_updated", "id": o.ID,
			"object": map[string]any{"order_updated": about}}, nil
	case "payment.updated":
		id := o.ID + "-payment"
		return map[string]any{"type": "payment", "id": id, "object": map[string]any{
			"payment": map[string]any{"id": id, "order_id": o.ID, "location_id": o.LocationID,
				"status": "COMPLETED", "created_at": o.CreatedAt, "updated_at": o.UpdatedAt,
				"total_money": o.TotalMoney},
		}}, nil
	}
	return nil, fmt.Errorf("squaretest: webhook: event type %q is not one the fake sends",
		eventType)
}

// Sign is Square's webhook signature: the base64 HMAC-SHA256, keyed with
// the signature key, of the notification URL followed by the body.
func Sign(signatureKey []byte, notificationURL string, body []byte) string {
	h := hmac.New(sha256.New, signatureKey)
	h.Write([]byte(notificationURL))
	h.Write(body)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}
