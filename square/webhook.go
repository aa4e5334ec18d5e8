package square

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The event types ParseWebhook reads.
const (
	EventOrderCreated            = "order.created"
	EventOrderUpdated            = "order.updated"
	EventOrderFulfillmentUpdated = "order.fulfillment.updated"
	EventPaymentUpdated          = "payment.updated"
	// EventTestNotification is what the Developer Console's "Send test
	// event" delivers. It names no order; answer it 2xx and do nothing.
	EventTestNotification = "webhooks.test_notification"
)

// Event is a Square webhook event, reduced to what tells Ordo which order
// to read again.
type Event struct {
	// ID is Square's event_id, the same on every redelivery of the event.
	ID string
	// Type is the event type, such as "order.updated".
	Type       string
	MerchantID string
	// OrderID is the order the event is about; empty for a test
	// notification.
	OrderID    string
	LocationID string
	// Version is the order's version after the change, or 0 when the event
	// does not say (payment events).
	Version int64
	// CreatedAt is when Square created the event.
	CreatedAt time.Time
}

// IsTest reports whether e is a test notification, which has no order.
func (e Event) IsTest() bool { return e.Type == EventTestNotification }

// envelope is the body of every Square webhook delivery.
type envelope struct {
	MerchantID string `json:"merchant_id"`
	Type       string `json:"type"`
	EventID    string `json:"event_id"`
	CreatedAt  string `json:"created_at"`
	Data       struct {
		Type   string                     `json:"type"`
		ID     string                     `json:"id"`
		Object map[string]json.RawMessage `json:"object"`
	} `json:"data"`
}

// orderEvent is the object of order.created, order.updated and
// order.fulfillment.updated.
type orderEvent struct {
	OrderID    string `json:"order_id"`
	LocationID string `json:"location_id"`
	State      string `json:"state"`
	Version    int64  `json:"version"`
	UpdatedAt  string `json:"updated_at"`
}

// paymentEvent is the object of payment.updated.
type paymentEvent struct {
	ID         string `json:"id"`
	OrderID    string `json:"order_id"`
	LocationID string `json:"location_id"`
}

// eventObjects names the key of data.object that each event type carries.
var eventObjects = map[string]string{
	EventOrderCreated:            "order_created",
	EventOrderUpdated:            "order_updated",
	EventOrderFulfillmentUpdated: "order_fulfillment_updated",
	EventPaymentUpdated:          "payment",
}

// ParseWebhook reads the body of a Square webhook delivery. It returns the
// event for the order and payment types above and for a test notification,
// whose OrderID is empty. Every error wraps ErrMalformed: a body that is
// not an envelope, an event type Ordo does not subscribe to, or an event
// that names no order, such as a payment not made for an order.
func ParseWebhook(body []byte) (Event, error) {
	if trimmed := bytes.TrimSpace(body); len(trimmed) == 0 || trimmed[0] != '{' {
		return Event{}, fmt.Errorf("%w: webhook body is not a JSON object", ErrMalformed)
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return Event{}, fmt.Errorf("%w: webhook: %v", ErrMalformed, err)
	}
	if env.EventID == "" || env.Type == "" {
		return Event{}, fmt.Errorf("%w: webhook has no event_id or type", ErrMalformed)
	}
	e := Event{ID: env.EventID, Type: env.Type, MerchantID: env.MerchantID}
	var err error
	if e.CreatedAt, err = parseTime("created_at", env.CreatedAt); err != nil {
		return Event{}, fmt.Errorf("%w: webhook %s: %w", ErrMalformed, e.ID, err)
	}
	if e.IsTest() {
		return e, nil
	}
	key, ok := eventObjects[e.Type]
	if !ok {
		return Event{}, fmt.Errorf("%w: webhook %s has type %q, which Ordo does not read",
			ErrMalformed, e.ID, e.Type)
	}
	if err := readObject(&e, env.Data.Object[key]); err != nil {
		return Event{}, fmt.Errorf("%w: webhook %s: data.object.%s: %w", ErrMalformed, e.ID,
			key, err)
	}
	if strings.TrimSpace(e.OrderID) == "" {
		return Event{}, fmt.Errorf("%w: webhook %s (%s) names no order", ErrMalformed, e.ID,
			e.Type)
	}
	return e, nil
}

// readObject fills e from the event's object.
func readObject(e *Event, raw json.RawMessage) error {
	if len(raw) == 0 {
		return errors.New("missing")
	}
	if e.Type == EventPaymentUpdated {
		var p paymentEvent
		if err := json.Unmarshal(raw, &p); err != nil {
			return err
		}
		e.OrderID, e.LocationID = p.OrderID, p.LocationID
		return nil
	}
	var o orderEvent
	if err := json.Unmarshal(raw, &o); err != nil {
		return err
	}
	e.OrderID, e.LocationID, e.Version = o.OrderID, o.LocationID, o.Version
	return nil
}
