package square

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
)

// ErrMalformed is returned, wrapped with the detail, for a body that Map
// cannot read as a Square order: not a JSON object, no order id, a field of
// the wrong type, a time or quantity that is not one, or taxes that mix
// inclusive and additive.
var ErrMalformed = errors.New("square: malformed order")

// Mapped is a Square order in Ordo's terms.
type Mapped struct {
	// Report is the canonical order and its cancellation, if any.
	Report channel.Report
	// LocationID is the Square location the order belongs to.
	LocationID string
	// Version is Square's version of the order, which Update Order must be
	// given back.
	Version int64
	// CarriedOut is set for a sale without a pickup, shipment or delivery
	// fulfilment: a counter sale whose goods the customer took at once.
	// Fetch and Changed return only the report, which has no place for it,
	// so Ordo does not record such a sale as shipped from LocationID: it
	// routes it like any other order.
	CarriedOut bool
}

// Map reads the body of a Retrieve Order answer, {"order": {...}},
// received on the channel channelID. Every error it returns wraps
// ErrMalformed. An order whose content is wrong but readable (no lines, no
// address for a shipment, a line without catalog item) is mapped as it is,
// for Ordo's validation to hold.
func Map(channelID string, body []byte) (Mapped, error) {
	if trimmed := bytes.TrimSpace(body); len(trimmed) == 0 || trimmed[0] != '{' {
		return Mapped{}, fmt.Errorf("%w: body is not a JSON object", ErrMalformed)
	}
	var resp struct {
		Order *sqOrder `json:"order"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return Mapped{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if resp.Order == nil {
		return Mapped{}, fmt.Errorf("%w: the body has no \"order\"", ErrMalformed)
	}
	return mapOrder(channelID, resp.Order)
}

// mapOrder maps one Square Order object.
func mapOrder(channelID string, so *sqOrder) (Mapped, error) {
	if strings.TrimSpace(so.ID) == "" {
		return Mapped{}, fmt.Errorf("%w: the order has no id", ErrMalformed)
	}
	fail := func(err error) (Mapped, error) {
		return Mapped{}, fmt.Errorf("%w: order %s: %w", ErrMalformed, so.ID, err)
	}
	included, err := taxesIncluded(so.Taxes)
	if err != nil {
		return fail(err)
	}
	o := order.Order{
		ChannelID:     channelID,
		OrderID:       so.ID,
		Name:          so.ReferenceID,
		Currency:      currency(so),
		TaxesIncluded: included,
		Payment:       payment(so),
		Totals:        totals(so),
	}
	if o.PlacedAt, err = parseTime("created_at", so.CreatedAt); err != nil {
		return fail(err)
	}
	if o.UpdatedAt, err = parseTime("updated_at", so.UpdatedAt); err != nil {
		return fail(err)
	}
	if o.Lines, err = mapLines(so.LineItems); err != nil {
		return fail(err)
	}
	f := mainFulfillment(so.Fulfillments)
	o.Delivery = delivery(f)
	o.Customer = customer(f)

	m := Mapped{LocationID: so.LocationID, Version: so.Version, CarriedOut: f == nil}
	if so.State == "CANCELED" {
		c, err := cancellation(so, f, o.UpdatedAt)
		if err != nil {
			return fail(err)
		}
		m.Report.Cancelled = c
	}
	o.Normalize()
	m.Report.Order = o
	return m, nil
}

// currency returns the currency of the order's total, or of its first
// line when the total names none.
func currency(so *sqOrder) string {
	if so.TotalMoney != nil && so.TotalMoney.Currency != "" {
		return so.TotalMoney.Currency
	}
	for _, l := range so.LineItems {
		if l.BasePriceMoney != nil && l.BasePriceMoney.Currency != "" {
			return l.BasePriceMoney.Currency
		}
	}
	return ""
}

// taxesIncluded reports whether the order's taxes are INCLUSIVE, that is
// already in the prices. Ordo keeps one tax mode per order, so an order
// that mixes inclusive and additive taxes cannot be represented. A tax
// without a type, as in Square's generated examples, decides nothing.
func taxesIncluded(taxes []orderTax) (bool, error) {
	var inclusive, additive bool
	for _, t := range taxes {
		switch t.Type {
		case "INCLUSIVE":
			inclusive = true
		case "ADDITIVE":
			additive = true
		}
	}
	if inclusive && additive {
		return false, errors.New("the order mixes INCLUSIVE and ADDITIVE taxes, " +
			"and Ordo keeps one tax mode per order")
	}
	return inclusive, nil
}

// totals returns the order-level amounts. Square's service charges are
// what the customer pays beyond the lines, such as the shipping fee Square
// Online adds, so they count as shipping. A cash rounding adjustment is in
// total_money already; one that lowers the total counts as discount, one
// that raises it as negative discount, so that the totals still add up.
func totals(so *sqOrder) order.Totals {
	var round int64
	if so.RoundingAdjustment != nil {
		round = so.RoundingAdjustment.AmountMoney.amount()
	}
	return order.Totals{
		Shipping: so.TotalServiceChargeMoney.amount(),
		Tax:      so.TotalTaxMoney.amount(),
		Discount: so.TotalDiscountMoney.amount() - round,
		Total:    so.TotalMoney.amount(),
	}
}

// parseTime reads an RFC 3339 time of the named field; empty is the zero
// time.
func parseTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is not an RFC 3339 time", field, s)
	}
	return t, nil
}

// cancellation returns the cancellation of a CANCELED order. Square keeps
// no cancellation time on the order; closed_at is when it left OPEN, and
// updated, the order's updated_at, stands in when that is missing. The
// reason is the shipment's cancel_reason, the only one Square records.
func cancellation(so *sqOrder, f *fulfillment, updated time.Time) (*channel.Cancellation,
	error) {
	at, err := parseTime("closed_at", so.ClosedAt)
	if err != nil {
		return nil, err
	}
	if at.IsZero() {
		at = updated
	}
	c := &channel.Cancellation{At: at}
	if f != nil && f.ShipmentDetails != nil {
		c.Reason = f.ShipmentDetails.CancelReason
	}
	return c, nil
}
