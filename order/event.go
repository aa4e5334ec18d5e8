package order

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// The event types of an order stream. Each names a fact that happened, in
// the past tense; the payload types below carry its data.
const (
	EventReceived  = "order.received"
	EventUpdated   = "order.updated"
	EventValidated = "order.validated"
	EventHeld      = "order.held"
	EventCancelled = "order.cancelled"
	// EventAllocated records where an order's lines, or some of them, are
	// to be fulfilled from.
	EventAllocated = "order.allocated"
	// EventBackordered records that an order waits for stock.
	EventBackordered = "order.backordered"
	// EventReleased records that the last of an order's fulfilment orders
	// went to its location.
	EventReleased = "order.released"
	// EventPicked and EventPacked record that every fulfilment order of an
	// order is at least picked, or packed.
	EventPicked = "order.picked"
	EventPacked = "order.packed"
	// EventShipped records parcels that left a location with lines of the
	// order; the order is shipped when every line is.
	EventShipped = "order.shipped"
	// EventCancelRequested records that the channel cancelled an order a
	// location already has; the location's answer decides what follows.
	EventCancelRequested = "order.cancel_requested"
	// EventCancelRefused records that a location could not stop an order
	// in time: it ships.
	EventCancelRefused = "order.cancel_refused"
)

// ChangesFacts reports whether an event of the given type may change the
// order facts, rather than only the order's status.
func ChangesFacts(eventType string) bool {
	return eventType == EventReceived || eventType == EventUpdated
}

// Received is the payload of EventReceived: the order facts as first
// reported, without personal data.
type Received struct {
	Order Order `json:"order"`
}

// Updated is the payload of EventUpdated: the parts of the order facts that
// a later report from the channel changed.
type Updated struct {
	Changes []Change `json:"changes"`
}

// Change is the new value of one part of the order facts, named by its JSON
// field.
type Change struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

// Validated is the payload of EventValidated.
type Validated struct{}

// Held is the payload of EventHeld: every reason the order cannot go ahead.
type Held struct {
	Reasons []Reason `json:"reasons"`
}

// Cancelled is the payload of EventCancelled.
type Cancelled struct {
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

// Allocated is the payload of EventAllocated: the lines given to each
// location by one routing decision, and the lines still waiting for stock.
// An order that ships in parts may be allocated more than once, each time
// for lines still open.
type Allocated struct {
	// RulesVersion names the rule set that decided.
	RulesVersion string `json:"rules_version"`
	// Parts are the shipments planned, one per location.
	Parts []Allocation `json:"parts"`
	// Backordered are the quantities no location could serve.
	Backordered []LineQuantity `json:"backordered,omitempty"`
}

// Allocation is the part of an order one location is to ship.
type Allocation struct {
	// FulfilmentID is the fulfilment order the lines joined; several
	// orders of one customer may share it.
	FulfilmentID string `json:"fulfilment_id"`
	// Location is the id of the warehouse, 3PL or store.
	Location string `json:"location"`
	// Lines are the quantities it ships.
	Lines []LineQuantity `json:"lines"`
	// Carrier is the carrier chosen for the part.
	Carrier string `json:"carrier,omitempty"`
	// ShipBy is the promised dispatch: the cut-off it is to leave on.
	ShipBy time.Time `json:"ship_by"`
	// ETA is the expected day of delivery.
	ETA time.Time `json:"eta"`
}

// LineQuantity is a quantity of one order line.
type LineQuantity struct {
	LineID   string `json:"line_id"`
	SKU      string `json:"sku"`
	Quantity int64  `json:"quantity"`
}

// Backordered is the payload of EventBackordered: the order waits, as a
// whole, for the quantities no location can serve.
type Backordered struct {
	// RulesVersion names the rule set that decided.
	RulesVersion string `json:"rules_version"`
	// Lines are the quantities missing.
	Lines []LineQuantity `json:"lines"`
}

// Released is the payload of EventReleased: the fulfilment order whose
// release moved the order on. Picked and Packed are the same for
// EventPicked and EventPacked.
type Released struct {
	FulfilmentID string `json:"fulfilment_id"`
	Location     string `json:"location"`
}

// Picked is the payload of EventPicked.
type Picked Released

// Packed is the payload of EventPacked.
type Packed Released

// Shipped is the payload of EventShipped: parcels a location confirmed
// with carrier and tracking.
type Shipped struct {
	FulfilmentID string   `json:"fulfilment_id"`
	Location     string   `json:"location"`
	Parcels      []Parcel `json:"parcels"`
	// Complete is true when, with these parcels, every line of the order
	// is shipped or cancelled.
	Complete bool `json:"complete"`
}

// CancelRequested is the payload of EventCancelRequested.
type CancelRequested struct {
	Reason string `json:"reason,omitempty"`
	// Locations are those asked to stop the order.
	Locations []string `json:"locations"`
}

// CancelRefused is the payload of EventCancelRefused.
type CancelRefused struct {
	FulfilmentID string `json:"fulfilment_id"`
	Location     string `json:"location"`
	// Detail is the location's own words.
	Detail string `json:"detail,omitempty"`
}

// Parcel is one parcel as shipped, with the order's lines in it.
type Parcel struct {
	Parcel         string         `json:"parcel"`
	Carrier        string         `json:"carrier"`
	TrackingNumber string         `json:"tracking_number"`
	TrackingURL    string         `json:"tracking_url,omitempty"`
	Lines          []LineQuantity `json:"lines"`
}

// Facts returns o without its personal data, as events record it.
func (o Order) Facts() Order {
	o.Customer = Customer{}
	o.Status = ""
	o.HoldReasons = nil
	return o
}

// facts are the JSON fields of the order facts that an update may change,
// with a way to read each from an order.
var facts = []struct {
	field string
	get   func(o *Order) any
}{
	{"name", func(o *Order) any { return &o.Name }},
	{"updated_at", func(o *Order) any { return &o.UpdatedAt }},
	{"currency", func(o *Order) any { return &o.Currency }},
	{"taxes_included", func(o *Order) any { return &o.TaxesIncluded }},
	{"lines", func(o *Order) any { return &o.Lines }},
	{"delivery", func(o *Order) any { return &o.Delivery }},
	{"payment", func(o *Order) any { return &o.Payment }},
	{"totals", func(o *Order) any { return &o.Totals }},
	{"tags", func(o *Order) any { return &o.Tags }},
}

// Diff returns the changes that turn the facts of old into those of new.
// It returns none when they are the same.
func Diff(old, new Order) ([]Change, error) {
	var changes []Change
	for _, f := range facts {
		before, err := json.Marshal(f.get(&old))
		if err != nil {
			return nil, fmt.Errorf("order: diff %s: %w", f.field, err)
		}
		after, err := json.Marshal(f.get(&new))
		if err != nil {
			return nil, fmt.Errorf("order: diff %s: %w", f.field, err)
		}
		if !bytes.Equal(before, after) {
			changes = append(changes, Change{Field: f.field, Value: after})
		}
	}
	return changes, nil
}

// Apply folds one recorded event into o. Replaying every event of a stream
// in order onto a zero Order yields the order's current facts and status.
func (o *Order) Apply(eventType string, data []byte) error {
	var payload any
	switch eventType {
	case EventReceived:
		payload = &Received{}
	case EventUpdated:
		payload = &Updated{}
	case EventValidated:
		payload = &Validated{}
	case EventHeld:
		payload = &Held{}
	case EventCancelled:
		payload = &Cancelled{}
	case EventAllocated:
		payload = &Allocated{}
	case EventBackordered:
		payload = &Backordered{}
	case EventReleased:
		payload = &Released{}
	case EventPicked:
		payload = &Picked{}
	case EventPacked:
		payload = &Packed{}
	case EventShipped:
		payload = &Shipped{}
	case EventCancelRequested:
		payload = &CancelRequested{}
	case EventCancelRefused:
		payload = &CancelRefused{}
	default:
		return fmt.Errorf("order: apply: unknown event type %q", eventType)
	}
	// Events without data, such as a validation, may be stored empty.
	if len(data) > 0 {
		if err := json.Unmarshal(data, payload); err != nil {
			return fmt.Errorf("order: apply %s: %w", eventType, err)
		}
	}
	return o.ApplyPayload(payload)
}

// ApplyPayload folds the payload of one event, such as a *Received or an
// *Allocated, into o, as Apply does once it has decoded the event.
func (o *Order) ApplyPayload(payload any) error {
	switch e := payload.(type) {
	case *Received:
		*o = e.Order
		o.Status = StatusReceived
	case *Updated:
		return o.applyChanges(e.Changes)
	case *Validated:
		o.Status = StatusValidated
		o.HoldReasons = nil
	case *Held:
		o.Status = StatusOnHold
		o.HoldReasons = e.Reasons
	case *Cancelled:
		o.Status = StatusCancelled
	case *Allocated:
		o.Status = StatusAllocated
	case *Backordered:
		o.Status = StatusBackordered
	case *Released:
		o.Status = StatusReleased
	case *Picked:
		o.Status = StatusPicked
	case *Packed:
		o.Status = StatusPacked
	case *Shipped:
		if e.Complete {
			o.Status = StatusShipped
		}
	case *CancelRequested, *CancelRefused:
		// The order's status waits for the location's answer, or goes on.
	default:
		return fmt.Errorf("order: apply: unknown payload %T", payload)
	}
	return nil
}

// applyChanges applies every change or, when one fails, none.
func (o *Order) applyChanges(changes []Change) error {
	next := *o
	for _, c := range changes {
		if err := next.applyChange(c); err != nil {
			return err
		}
	}
	*o = next
	return nil
}

// applyChange replaces one part of the order facts with the value in c.
// The value is decoded into a zero value first: decoding into the old one
// would keep any field the new value leaves out, such as a line's variant.
func (o *Order) applyChange(c Change) error {
	for _, f := range facts {
		if f.field != c.Field {
			continue
		}
		dst := reflect.ValueOf(f.get(o)).Elem()
		v := reflect.New(dst.Type())
		if err := json.Unmarshal(c.Value, v.Interface()); err != nil {
			return fmt.Errorf("order: apply change to %s: %w", c.Field, err)
		}
		dst.Set(v.Elem())
		return nil
	}
	return fmt.Errorf("order: apply: unknown field %q", c.Field)
}
