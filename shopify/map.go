package shopify

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
)

// ErrMalformed is returned, wrapped with the detail, for a body that Map
// cannot read as an order: not a JSON object, no order id, a field of the
// wrong JSON type, or an amount, quantity or time that is not one.
var ErrMalformed = errors.New("shopify: malformed order payload")

// Mapped is an order webhook in Ordo's terms: the canonical order, and the
// cancellation Shopify reported with it, if any.
type Mapped struct {
	// Order is the canonical order, normalised.
	Order order.Order
	// CancelledAt is when the merchant cancelled the order; it is the zero
	// time when the order is not cancelled.
	CancelledAt time.Time
	// CancelReason is Shopify's reason for the cancellation, such as
	// "customer", "fraud" or "inventory".
	CancelReason string
}

// Cancelled reports whether Shopify reported the order as cancelled.
func (m Mapped) Cancelled() bool { return !m.CancelledAt.IsZero() }

// Cancellation returns the cancellation Shopify reported, or nil.
func (m Mapped) Cancellation() *channel.Cancellation {
	if !m.Cancelled() {
		return nil
	}
	return &channel.Cancellation{At: m.CancelledAt, Reason: m.CancelReason}
}

// Map reads the body of a Shopify REST order webhook (orders/create,
// orders/updated, orders/paid or orders/cancelled) received on the channel
// channelID. Every error it returns wraps ErrMalformed. An order whose
// content is wrong but readable (an unknown currency, no lines, a negative
// quantity, no shipping address) is mapped as it is, for Ordo's validation
// to hold. Amounts are the shop's, in the currency the payload names.
func Map(channelID string, body []byte) (Mapped, error) {
	var p payload
	if err := decode(body, &p); err != nil {
		return Mapped{}, err
	}
	id, err := orderID(p.ID)
	if err != nil {
		return Mapped{}, err
	}
	o := order.Order{
		ChannelID:     channelID,
		OrderID:       id,
		Name:          p.Name,
		Currency:      currency(&p),
		TaxesIncluded: p.TaxesIncluded,
		Payment:       payment(p.FinancialStatus),
		Tags:          []string(p.Tags),
		Customer:      mapCustomer(&p),
	}
	m := Mapped{CancelReason: p.CancelReason}

	r := &reader{currency: o.Currency}
	o.PlacedAt = r.time("created_at", p.CreatedAt)
	o.UpdatedAt = r.time("updated_at", p.UpdatedAt)
	m.CancelledAt = r.time("cancelled_at", p.CancelledAt)
	o.Lines = mapLines(p.LineItems, r)
	o.Totals = mapTotals(&p, o.Lines, r)
	if r.err != nil {
		return Mapped{}, r.err
	}
	o.Delivery = mapDelivery(&p, o.Tags)

	o.Normalize()
	m.Order = o
	return m, nil
}

// decode reads body into p, insisting on a JSON object.
func decode(body []byte, p *payload) error {
	if trimmed := bytes.TrimSpace(body); len(trimmed) == 0 || trimmed[0] != '{' {
		return fmt.Errorf("%w: body is not a JSON object", ErrMalformed)
	}
	if err := json.Unmarshal(body, p); err != nil {
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return nil
}

// orderID returns Shopify's order id as a decimal string.
func orderID(n number) (string, error) {
	if n == "" {
		return "", fmt.Errorf("%w: no order id", ErrMalformed)
	}
	id, err := strconv.ParseUint(string(n), 10, 64)
	if err != nil || id == 0 {
		return "", fmt.Errorf("%w: order id %q is not a positive integer", ErrMalformed, n)
	}
	return strconv.FormatUint(id, 10), nil
}

// currency returns the shop currency, upper-cased now rather than by
// order.Normalize because the amounts are parsed in it. Ordo's validation,
// not Map, decides whether it is a currency.
func currency(p *payload) string {
	c := p.Currency
	if c == "" && p.TotalPriceSet != nil {
		c = p.TotalPriceSet.ShopMoney.CurrencyCode
	}
	return strings.ToUpper(strings.TrimSpace(c))
}

// payments maps Shopify's financial_status onto Ordo's payment states.
var payments = map[string]order.Payment{
	"pending":            order.PaymentPending,
	"authorized":         order.PaymentAuthorized,
	"paid":               order.PaymentPaid,
	"partially_paid":     order.PaymentPartiallyPaid,
	"partially_refunded": order.PaymentPartiallyRefunded,
	"refunded":           order.PaymentRefunded,
	"voided":             order.PaymentVoided,
}

// payment returns the payment state for status. A status Ordo does not
// know, such as "expired", counts as pending, the state that promises least.
func payment(status string) order.Payment {
	if p, ok := payments[strings.ToLower(strings.TrimSpace(status))]; ok {
		return p
	}
	return order.PaymentPending
}
