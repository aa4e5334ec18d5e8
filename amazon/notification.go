package amazon

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// eventSourcePrefix starts the source of every SP-API event on an Amazon
// EventBridge partner event bus.
const eventSourcePrefix = "aws.partner/sellingpartnerapi.amazon.com"

// OrderChange is an ORDER_CHANGE notification: Amazon's word that an order
// changed, with enough to decide whether to read it again with Fetch.
type OrderChange struct {
	// NotificationID is Amazon's id of the notification, the same on every
	// redelivery, for deduplication.
	NotificationID string
	// AmazonOrderID is the order that changed.
	AmazonOrderID string
	// OrderChangeType is OrderStatusChange or BuyerRequestedChange.
	OrderChangeType string
	// EventTime is when Amazon sent the notification.
	EventTime time.Time
	// ChangedAt is when the order changed (TimeOfOrderChange), if given.
	ChangedAt time.Time
	// ChangeReason is Amazon's reason, such as "Buyer Requested Cancel".
	ChangeReason string
	// SellerID and MarketplaceID say whose order it is and where it was sold.
	SellerID      string
	MarketplaceID string
	// OrderStatus is the order's status after the change, such as
	// Unshipped or Canceled.
	OrderStatus string
	// FulfillmentType is MFN (the seller ships) or AFN (Amazon ships).
	FulfillmentType string
	// EventSource is the EventBridge source, when the notification came
	// through EventBridge.
	EventSource string
}

// notification is an SP-API notification as Amazon delivers it to SQS, and
// the detail of an EventBridge event.
type notification struct {
	NotificationVersion string `json:"NotificationVersion"`
	NotificationType    string `json:"NotificationType"`
	PayloadVersion      string `json:"PayloadVersion"`
	EventTime           string `json:"EventTime"`
	Payload             struct {
		OrderChangeNotification *struct {
			SellerID           string `json:"SellerId"`
			AmazonOrderID      string `json:"AmazonOrderId"`
			OrderChangeType    string `json:"OrderChangeType"`
			OrderChangeTrigger struct {
				TimeOfOrderChange string `json:"TimeOfOrderChange"`
				ChangeReason      string `json:"ChangeReason"`
			} `json:"OrderChangeTrigger"`
			Summary struct {
				MarketplaceID   string `json:"MarketplaceId"`
				OrderStatus     string `json:"OrderStatus"`
				FulfillmentType string `json:"FulfillmentType"`
			} `json:"Summary"`
		} `json:"OrderChangeNotification"`
	} `json:"Payload"`
	NotificationMetadata struct {
		NotificationID string `json:"NotificationId"`
	} `json:"NotificationMetadata"`
}

// event is an Amazon EventBridge event.
type event struct {
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Detail     json.RawMessage `json:"detail"`
}

// ParseNotification reads an ORDER_CHANGE notification, either as an
// Amazon EventBridge event (with "detail-type" ORDER_CHANGE, a "source"
// starting aws.partner/sellingpartnerapi.amazon.com and the notification
// as "detail") or as the bare notification that SQS delivers. Every error
// wraps ErrMalformed, including one for another notification type.
func ParseNotification(body []byte) (OrderChange, error) {
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' {
		return OrderChange{}, fmt.Errorf("%w: notification is not a JSON object", ErrMalformed)
	}
	var ev event
	if err := json.Unmarshal(body, &ev); err != nil {
		return OrderChange{}, fmt.Errorf("%w: notification: %w", ErrMalformed, err)
	}
	if ev.Detail != nil {
		if !strings.HasPrefix(ev.Source, eventSourcePrefix) {
			return OrderChange{}, fmt.Errorf("%w: event source %q is not SP-API's",
				ErrMalformed, ev.Source)
		}
		if ev.DetailType != "ORDER_CHANGE" {
			return OrderChange{}, fmt.Errorf("%w: event detail-type %q is not ORDER_CHANGE",
				ErrMalformed, ev.DetailType)
		}
		c, err := parseOrderChange(ev.Detail)
		c.EventSource = ev.Source
		return c, err
	}
	return parseOrderChange(body)
}

// parseOrderChange reads a bare ORDER_CHANGE notification.
func parseOrderChange(body []byte) (OrderChange, error) {
	var n notification
	if err := json.Unmarshal(body, &n); err != nil {
		return OrderChange{}, fmt.Errorf("%w: notification: %w", ErrMalformed, err)
	}
	if n.NotificationType != "ORDER_CHANGE" {
		return OrderChange{}, fmt.Errorf("%w: notification type %q is not ORDER_CHANGE",
			ErrMalformed, n.NotificationType)
	}
	p := n.Payload.OrderChangeNotification
	if p == nil || p.AmazonOrderID == "" {
		return OrderChange{}, fmt.Errorf("%w: ORDER_CHANGE notification names no order",
			ErrMalformed)
	}
	r := &reader{}
	c := OrderChange{
		NotificationID:  n.NotificationMetadata.NotificationID,
		AmazonOrderID:   p.AmazonOrderID,
		OrderChangeType: p.OrderChangeType,
		EventTime:       r.time("EventTime", n.EventTime),
		ChangeReason:    p.OrderChangeTrigger.ChangeReason,
		SellerID:        p.SellerID,
		MarketplaceID:   p.Summary.MarketplaceID,
		OrderStatus:     p.Summary.OrderStatus,
		FulfillmentType: p.Summary.FulfillmentType,
	}
	if s := p.OrderChangeTrigger.TimeOfOrderChange; s != "" {
		c.ChangedAt = r.time("TimeOfOrderChange", s)
	}
	if r.err != nil {
		return OrderChange{}, r.err
	}
	return c, nil
}
