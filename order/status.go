package order

// Status is where an order stands in its lifecycle.
type Status string

// The order statuses, in lifecycle order.
const (
	StatusReceived    Status = "received"
	StatusValidated   Status = "validated"
	StatusOnHold      Status = "on_hold"
	StatusAllocated   Status = "allocated"
	StatusBackordered Status = "backordered"
	StatusReleased    Status = "released"
	StatusPicked      Status = "picked"
	StatusPacked      Status = "packed"
	StatusShipped     Status = "shipped"
	StatusDelivered   Status = "delivered"
	StatusCancelled   Status = "cancelled"
)

// transitions lists, for each status, the statuses an order may move to.
// An order on hold is validated again when the channel corrects it, or
// routed again when it was held because no location could ship it. An
// allocated order may be allocated again for lines that were backordered,
// and a backordered one stays so while stock is short. A sale carried out
// of a shop is shipped as it is received.
var transitions = map[Status][]Status{
	StatusReceived: {StatusValidated, StatusOnHold, StatusShipped, StatusCancelled},
	StatusOnHold: {StatusValidated, StatusOnHold, StatusAllocated, StatusBackordered,
		StatusCancelled},
	StatusValidated:   {StatusAllocated, StatusBackordered, StatusOnHold, StatusCancelled},
	StatusAllocated:   {StatusAllocated, StatusReleased, StatusBackordered, StatusCancelled},
	StatusBackordered: {StatusAllocated, StatusBackordered, StatusCancelled},
	StatusReleased:    {StatusPicked, StatusPacked, StatusShipped, StatusCancelled, StatusOnHold},
	StatusPicked:      {StatusPacked, StatusShipped, StatusCancelled, StatusOnHold},
	StatusPacked:      {StatusShipped, StatusCancelled, StatusOnHold},
	StatusShipped:     {StatusDelivered},
}

// CanMove reports whether an order in status from may move to status to.
func CanMove(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Valid reports whether s is one of the order statuses.
func (s Status) Valid() bool {
	_, ok := transitions[s]
	return ok || s == StatusDelivered || s == StatusCancelled
}

// Reason is one problem that keeps an order from going ahead. Code is stable
// for programs; Field names the offending part of the canonical JSON, and
// Message says what to fix.
type Reason struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}
