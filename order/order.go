// Package order holds Ordo's canonical order model: the facts of an order as
// one channel reported them, the personal data kept apart from those facts,
// the statuses an order moves through, and the events that record each
// change. It imports nothing else of Ordo, so every adapter can depend on it.
package order

import "time"

// Order is an order in canonical form. Amounts are integer minor units of
// Currency (cents for EUR, yen for JPY). Customer holds the personal data;
// everything else is an order fact that may be kept for ever.
type Order struct {
	// OMSOrderID is Ordo's own identifier, assigned on first receipt.
	OMSOrderID string `json:"oms_order_id,omitempty"`
	// ChannelID names the channel in configuration, such as "shop-nl".
	ChannelID string `json:"channel_id"`
	// OrderID is the channel's own identifier of the order.
	OrderID string `json:"order_id"`
	// Name is the reference a customer sees, such as "#1001".
	Name string `json:"name,omitempty"`
	// PlacedAt is when the customer placed the order.
	PlacedAt time.Time `json:"placed_at"`
	// UpdatedAt is the channel's time of its latest change. An update
	// older than the one applied last is ignored.
	UpdatedAt time.Time `json:"updated_at"`
	// Currency is the ISO 4217 code of every amount in the order.
	Currency string `json:"currency"`
	// TaxesIncluded is true when prices already contain their tax.
	TaxesIncluded bool `json:"taxes_included"`
	// Lines are the order lines, bundle lines followed by their components.
	Lines []Line `json:"lines"`
	// Delivery says how the order is to reach the customer.
	Delivery Delivery `json:"delivery"`
	// Payment is the state of the customer's payment.
	Payment Payment `json:"payment"`
	// Totals are the amounts the channel reported for the whole order.
	Totals Totals `json:"totals"`
	// Tags are the channel's labels, such as a customer segment.
	Tags []string `json:"tags,omitempty"`
	// Customer is the personal data of the buyer.
	Customer Customer `json:"customer"`

	// Status is where the order stands in its lifecycle. Ordo sets it;
	// a channel cannot.
	Status Status `json:"status,omitempty"`
	// HoldReasons say why an order is on hold, one for each problem.
	HoldReasons []Reason `json:"hold_reasons,omitempty"`
}

// Line is one order line. A bundle line has Kind KindBundle; each of its
// components names it in ParentLineID.
type Line struct {
	// LineID is the channel's identifier of the line, unique in the order.
	LineID string `json:"line_id"`
	// Kind tells a plain line from a bundle and its components.
	Kind LineKind `json:"kind,omitempty"`
	// ParentLineID is the LineID of the bundle a component belongs to.
	ParentLineID string `json:"parent_line_id,omitempty"`
	// SKU is the stock keeping unit.
	SKU string `json:"sku"`
	// Variant is the channel's identifier of the product variant.
	Variant string `json:"variant,omitempty"`
	// Title is the product name as the customer saw it.
	Title string `json:"title,omitempty"`
	// Quantity is the number of units ordered.
	Quantity int64 `json:"quantity"`
	// UnitPrice is the price of one unit before discounts.
	UnitPrice int64 `json:"unit_price"`
	// Tax is the tax on the whole line.
	Tax int64 `json:"tax"`
	// Discount is the discount on the whole line.
	Discount int64 `json:"discount"`
}

// LineKind tells plain lines from bundles and their components.
type LineKind string

// The kinds of line. The zero value is a plain line.
const (
	KindItem      LineKind = ""
	KindBundle    LineKind = "bundle"
	KindComponent LineKind = "component"
)

// Totals are the order-level amounts as the channel reported them. Discount
// includes every line discount; Tax every line and shipping tax.
type Totals struct {
	Shipping int64 `json:"shipping"`
	Tax      int64 `json:"tax"`
	Discount int64 `json:"discount"`
	Total    int64 `json:"total"`
}

// Payment is the state of the customer's payment.
type Payment string

// The payment states. Channels with other words map onto these.
const (
	PaymentPending           Payment = "pending"
	PaymentAuthorized        Payment = "authorized"
	PaymentPaid              Payment = "paid"
	PaymentPartiallyPaid     Payment = "partially_paid"
	PaymentPartiallyRefunded Payment = "partially_refunded"
	PaymentRefunded          Payment = "refunded"
	PaymentVoided            Payment = "voided"
)

// Customer is the personal data of an order. It is stored apart from the
// order facts so that it can be erased without touching them.
type Customer struct {
	Email     string  `json:"email,omitempty"`
	Phone     string  `json:"phone,omitempty"`
	FirstName string  `json:"first_name,omitempty"`
	LastName  string  `json:"last_name,omitempty"`
	Shipping  Address `json:"shipping_address"`
	Billing   Address `json:"billing_address"`
	// Withheld says why the channel left out the buyer's address, such as
	// a marketplace that shares it only with approved roles. An order
	// without an address and with this set is held for that reason.
	Withheld string `json:"withheld,omitempty"`
}

// Address is a postal address. Country is an ISO 3166-1 alpha-2 code.
type Address struct {
	Name     string `json:"name,omitempty"`
	Company  string `json:"company,omitempty"`
	Line1    string `json:"line1,omitempty"`
	Line2    string `json:"line2,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	City     string `json:"city,omitempty"`
	Region   string `json:"region,omitempty"`
	Country  string `json:"country,omitempty"`
}

// IsZero reports whether no field of a is set.
func (a Address) IsZero() bool { return a == Address{} }
