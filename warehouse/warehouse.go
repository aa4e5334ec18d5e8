// Package warehouse speaks to the locations that ship Ordo's orders:
// warehouses and 3PLs. It defines what Ordo tells a location (an
// Instruction), what a location tells Ordo back (a StatusUpdate), and the
// Connector that carries instructions; the connectors themselves live in
// its sub-packages, one per protocol.
package warehouse

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Kind is what an instruction asks of a location.
type Kind string

// The kinds of instruction.
const (
	// KindRelease asks the location to pick, pack and ship a fulfilment
	// order.
	KindRelease Kind = "release"
	// KindCancel asks it to stop a fulfilment order it was given.
	KindCancel Kind = "cancel"
)

// Instruction is one thing Ordo asks of a location. Its Reference is
// stable: every attempt to send it carries the same one, so a location
// that keys on it never picks an order twice.
type Instruction struct {
	Reference    string    `json:"reference"`
	Kind         Kind      `json:"kind"`
	FulfilmentID string    `json:"fulfilment_id"`
	Location     string    `json:"location"`
	Carrier      string    `json:"carrier,omitempty"`
	Method       string    `json:"method,omitempty"`
	ShipBy       time.Time `json:"ship_by,omitzero"`
	ShipTo       *Address  `json:"ship_to,omitempty"`
	Lines        []Line    `json:"lines,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// Address is where a fulfilment order goes.
type Address struct {
	Name     string `json:"name"`
	Company  string `json:"company,omitempty"`
	Line1    string `json:"line1"`
	Line2    string `json:"line2,omitempty"`
	Postcode string `json:"postcode"`
	City     string `json:"city"`
	Region   string `json:"region,omitempty"`
	Country  string `json:"country"`
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
}

// Line is a quantity of one order line to pick.
type Line struct {
	OrderID  string `json:"order_id"`
	LineID   string `json:"line_id"`
	SKU      string `json:"sku"`
	Quantity int64  `json:"quantity"`
}

// Outcome is a location's answer to an instruction.
type Outcome string

// The outcomes of an instruction.
const (
	// Accepted: the location took the release, or took it before.
	Accepted Outcome = "accepted"
	// Cancelled: the location stopped the fulfilment order.
	Cancelled Outcome = "cancelled"
	// TooLate: the location could not stop it; it has left or is leaving.
	TooLate Outcome = "too_late"
)

// Answer is what a location answered to one instruction.
type Answer struct {
	Reference string  `json:"reference"`
	Outcome   Outcome `json:"outcome"`
	// Detail is the location's own words, if it gave any.
	Detail string `json:"detail,omitempty"`
}

// Connector carries instructions to one location. Send delivers a batch
// of at most BatchSize instructions and returns one answer for each, in
// order, or an error for the whole batch. An error that retrying cannot
// mend is a *PermanentError; any other is retried.
type Connector interface {
	Send(ctx context.Context, batch []Instruction) ([]Answer, error)
	// BatchSize is the most instructions one Send takes.
	BatchSize() int
}

// PermanentError is a refusal that sending again cannot change, such as
// a 4xx answer to a malformed or unauthorised request. Its Detail is the
// location's own text, for the operator.
type PermanentError struct {
	Location string
	Detail   string
}

func (e *PermanentError) Error() string {
	return fmt.Sprintf("warehouse: %s refused the instruction: %s", e.Location, e.Detail)
}

// IsPermanent reports whether err is, or wraps, a *PermanentError.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}
