// Package channel defines how Ordo talks to the parties that sell its
// orders: what it reads from a channel's API (a Source), what it tells a
// channel back (a Notifier), and the errors that decide whether a failed
// call is tried again. The connectors themselves live in one package per
// party: shopify, bol, amazon, square and pos.
package channel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/order"
)

// Report is what a channel's API says about one order, mapped onto Ordo's
// canonical model and ready to be recorded.
type Report struct {
	// Order is the order with its personal data, as far as the channel
	// shares it.
	Order order.Order
	// Cancelled is set when the channel says the order is cancelled.
	Cancelled *Cancellation
}

// Cancellation is a channel's statement that an order was cancelled.
type Cancellation struct {
	At     time.Time
	Reason string
}

// Source reads orders from a channel's API. Both methods are safe to call
// again: reading changes nothing at the channel.
type Source interface {
	// Fetch reads one order whole by the channel's own order id.
	Fetch(ctx context.Context, orderID string) (Report, error)
	// Changed calls fn for every order the channel changed at or after
	// since, oldest change first, and returns the high-water mark to ask
	// from next time: the channel's own time of the latest change it saw,
	// or since when it saw none. An error from fn stops the walk and is
	// returned.
	Changed(ctx context.Context, since time.Time, fn func(Report) error) (time.Time, error)
}

// Shipment is one parcel of an order that a channel must be told has left,
// with its carrier and tracking.
type Shipment struct {
	// Key identifies the shipment in Ordo. Every attempt to confirm it
	// carries the same Key, so a retry never confirms it twice.
	Key string `json:"key"`
	// OrderID is the channel's own id of the order.
	OrderID string `json:"order_id"`
	// Lines are the order lines in the parcel, by the channel's line ids.
	Lines []Line `json:"lines"`
	// Carrier is the carrier as Ordo names it (order.Carrier values such as
	// "postnl", or the warehouse's own word when Ordo has none).
	Carrier        string    `json:"carrier"`
	TrackingNumber string    `json:"tracking_number"`
	TrackingURL    string    `json:"tracking_url,omitempty"`
	ShippedAt      time.Time `json:"shipped_at"`
}

// Line is a quantity of one order line, by the channel's line id.
type Line struct {
	LineID   string `json:"line_id"`
	SKU      string `json:"sku,omitempty"`
	Quantity int64  `json:"quantity"`
}

// Request is one call a Notifier would make: what shadow mode records
// instead of sending, so that an operator can read it.
type Request struct {
	Method string          `json:"method"`
	URL    string          `json:"url"`
	Body   json.RawMessage `json:"body,omitempty"`
}

// Confirmation is a channel's answer to a shipment it was told of.
type Confirmation struct {
	// Reference is the channel's own id of what it recorded, such as a
	// fulfilment id or process-status id.
	Reference string `json:"reference,omitempty"`
	// Detail is the channel's own words, if it gave any.
	Detail string `json:"detail,omitempty"`
	// Duplicate is set when the channel had the shipment already, from an
	// earlier attempt whose answer was lost.
	Duplicate bool `json:"duplicate,omitempty"`
}

// Notifier tells a channel about its orders' shipments.
type Notifier interface {
	// PlanShipment returns the requests that Ship would make for s, without
	// sending anything.
	PlanShipment(s Shipment) ([]Request, error)
	// Ship confirms s at the channel. Calling it again with the same Key,
	// after an attempt that timed out or whose answer was lost, never
	// creates a second shipment there: a connector uses the channel's own
	// idempotency where it has one, and else looks before it writes. An
	// error that retrying cannot mend is a *PermanentError.
	Ship(ctx context.Context, s Shipment) (Confirmation, error)
}

// Cancel is Ordo's answer to a customer's request, made at the channel,
// to cancel an order: Ordo has cancelled it.
type Cancel struct {
	// Key identifies the answer; every attempt carries it.
	Key     string `json:"key"`
	OrderID string `json:"order_id"`
	// Lines are the order's lines, each with its whole quantity.
	Lines  []Line `json:"lines"`
	Reason string `json:"reason,omitempty"`
}

// Canceller is a Notifier of a channel that waits for the seller's answer
// to a customer's cancellation request, as bol.com does: until the seller
// confirms it, the channel expects the order to ship.
type Canceller interface {
	// PlanCancel returns the requests that ConfirmCancel would make for c,
	// without sending anything.
	PlanCancel(c Cancel) ([]Request, error)
	// ConfirmCancel confirms at the channel that c's order is cancelled.
	// Calling it again after an attempt whose answer was lost changes
	// nothing there. An error that retrying cannot mend is a
	// *PermanentError.
	ConfirmCancel(ctx context.Context, c Cancel) (Confirmation, error)
}

// PermanentError is a refusal that sending again cannot change, such as a
// 4xx answer to a malformed or unauthorised request. Detail is the
// channel's own error text, for the operator.
type PermanentError struct {
	Channel string
	Status  int
	Detail  string
}

func (e *PermanentError) Error() string {
	if e.Status == 0 {
		return fmt.Sprintf("channel: %s refused the request: %s", e.Channel, e.Detail)
	}
	return fmt.Sprintf("channel: %s refused the request (HTTP %d): %s", e.Channel, e.Status,
		e.Detail)
}

// IsPermanent reports whether err is, or wraps, a *PermanentError.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// ErrNotFound is returned, wrapped, when a channel does not know an order.
var ErrNotFound = errors.New("channel: order not found")
