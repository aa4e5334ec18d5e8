package pos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
)

// ErrMalformed is returned, wrapped with the field at fault and what is
// wrong, for a sale that does not follow the protocol.
var ErrMalformed = errors.New("pos: malformed sale")

// The fulfilments a sale can have.
const (
	CarryOut        = "carry_out"
	ShipFromStore   = "ship_from_store"
	ClickAndCollect = "click_and_collect"
)

// Sale is a till's sale in Ordo's terms.
type Sale struct {
	// Report is the canonical order and its cancellation, if any.
	Report channel.Report
	// Store is the location id of the store that made the sale.
	Store string
	// Register is the till, as the sale named it.
	Register string
	// Fulfilment is CarryOut, ShipFromStore or ClickAndCollect.
	Fulfilment string
}

// CarriedOut reports whether the customer took the goods at the till, so
// that Ordo records the order as shipped at once from Store.
func (s Sale) CarriedOut() bool { return s.Fulfilment == CarryOut }

// wireSale is the sale as the till sends it; see the package
// documentation.
type wireSale struct {
	SaleID     string     `json:"sale_id"`
	Store      string     `json:"store"`
	Register   string     `json:"register"`
	SoldAt     *time.Time `json:"sold_at"`
	UpdatedAt  *time.Time `json:"updated_at"`
	Currency   string     `json:"currency"`
	Fulfilment string     `json:"fulfilment"`
	Lines      []wireLine `json:"lines"`
	Totals     *struct {
		Tax      int64 `json:"tax"`
		Discount int64 `json:"discount"`
		Shipping int64 `json:"shipping"`
		Total    int64 `json:"total"`
	} `json:"totals"`
	TaxesIncluded bool          `json:"taxes_included"`
	Customer      *wireCustomer `json:"customer"`
	Payment       string        `json:"payment"`
	CancelledAt   *time.Time    `json:"cancelled_at"`
}

type wireLine struct {
	LineID    string `json:"line_id"`
	SKU       string `json:"sku"`
	Title     string `json:"title"`
	Quantity  int64  `json:"quantity"`
	UnitPrice int64  `json:"unit_price"`
	Tax       int64  `json:"tax"`
	Discount  int64  `json:"discount"`
}

type wireCustomer struct {
	Email     string         `json:"email"`
	Phone     string         `json:"phone"`
	FirstName string         `json:"first_name"`
	LastName  string         `json:"last_name"`
	Address   *order.Address `json:"address"`
}

// payments are the payment states a sale may have.
var payments = map[string]order.Payment{
	"paid": order.PaymentPaid, "authorized": order.PaymentAuthorized,
	"pending": order.PaymentPending,
}

// Map reads a sale posted on the channel channelID. It refuses, with an
// error wrapping ErrMalformed that names the field, a body that breaks the
// protocol: unknown fields, a missing required field, a quantity below 1,
// a negative amount, a repeated line id, totals that do not add up, or a
// ship_from_store sale without an address.
func Map(channelID string, body []byte) (Sale, error) {
	var w wireSale
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return Sale{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Sale{}, fmt.Errorf("%w: data after the sale object", ErrMalformed)
	}
	if err := check(&w); err != nil {
		return Sale{}, fmt.Errorf("%w: sale %q: %w", ErrMalformed, w.SaleID, err)
	}
	o := order.Order{
		ChannelID:     channelID,
		OrderID:       w.SaleID,
		Name:          w.SaleID,
		PlacedAt:      *w.SoldAt,
		UpdatedAt:     updatedAt(&w),
		Currency:      w.Currency,
		TaxesIncluded: w.TaxesIncluded,
		Payment:       payments[w.Payment],
		Totals: order.Totals{Shipping: w.Totals.Shipping, Tax: w.Totals.Tax,
			Discount: w.Totals.Discount, Total: w.Totals.Total},
		Delivery: order.Delivery{Method: order.MethodClickAndCollect},
	}
	if w.Fulfilment == ShipFromStore {
		o.Delivery.Method = order.MethodStandard
	}
	for _, l := range w.Lines {
		o.Lines = append(o.Lines, order.Line{LineID: l.LineID, SKU: l.SKU, Title: l.Title,
			Quantity: l.Quantity, UnitPrice: l.UnitPrice, Tax: l.Tax, Discount: l.Discount})
	}
	if c := w.Customer; c != nil {
		o.Customer = order.Customer{Email: c.Email, Phone: c.Phone, FirstName: c.FirstName,
			LastName: c.LastName}
		if c.Address != nil {
			o.Customer.Shipping = *c.Address
		}
	}
	s := Sale{Store: w.Store, Register: w.Register, Fulfilment: w.Fulfilment}
	if w.CancelledAt != nil {
		s.Report.Cancelled = &channel.Cancellation{At: *w.CancelledAt,
			Reason: "cancelled at the till"}
	}
	o.Normalize()
	s.Report.Order = o
	return s, nil
}

// updatedAt is the sale's updated_at, or the later of sold_at and
// cancelled_at when the till sent none.
func updatedAt(w *wireSale) time.Time {
	if w.UpdatedAt != nil {
		return *w.UpdatedAt
	}
	if w.CancelledAt != nil && w.CancelledAt.After(*w.SoldAt) {
		return *w.CancelledAt
	}
	return *w.SoldAt
}

// check returns the first way w breaks the protocol, naming the field.
func check(w *wireSale) error {
	if err := checkHeader(w); err != nil {
		return err
	}
	if len(w.Lines) == 0 {
		return errors.New("lines: a sale needs at least one line")
	}
	seen := map[string]bool{}
	for i, l := range w.Lines {
		if err := checkLine(l, seen); err != nil {
			return fmt.Errorf("lines[%d].%w", i, err)
		}
	}
	if err := checkTotals(w); err != nil {
		return err
	}
	return checkCustomer(w)
}

// locationID is the form of Ordo's location ids.
var locationID = regexp.MustCompile(`^[a-z0-9-]+$`)

// checkHeader checks the sale's own fields.
func checkHeader(w *wireSale) error {
	switch {
	case strings.TrimSpace(w.SaleID) == "":
		return errors.New("sale_id: required")
	case strings.TrimSpace(w.Store) == "":
		return errors.New("store: required; send the store's location id")
	case !locationID.MatchString(w.Store):
		return fmt.Errorf("store: %q is not a location id; Ordo's location ids are "+
			"lower-case letters, digits and hyphens, such as store-ams01", w.Store)
	case w.SoldAt == nil:
		return errors.New("sold_at: required, an RFC 3339 time")
	case w.Fulfilment != CarryOut && w.Fulfilment != ShipFromStore &&
		w.Fulfilment != ClickAndCollect:
		return fmt.Errorf("fulfilment: %q is not carry_out, ship_from_store or "+
			"click_and_collect", w.Fulfilment)
	case payments[w.Payment] == "":
		return fmt.Errorf("payment: %q is not paid, authorized or pending", w.Payment)
	case w.Totals == nil:
		return errors.New("totals: required")
	}
	if _, ok := order.CurrencyExponent(w.Currency); !ok {
		return fmt.Errorf("currency: %q is not an ISO 4217 code such as EUR", w.Currency)
	}
	return nil
}

// checkLine checks one line; the error starts with the field's name.
func checkLine(l wireLine, seen map[string]bool) error {
	switch {
	case strings.TrimSpace(l.LineID) == "":
		return errors.New("line_id: required")
	case seen[l.LineID]:
		return fmt.Errorf("line_id: %q is used by another line", l.LineID)
	case strings.TrimSpace(l.SKU) == "":
		return errors.New("sku: required")
	case l.Quantity < 1:
		return fmt.Errorf("quantity: %d; it must be 1 or more", l.Quantity)
	case l.UnitPrice < 0:
		return fmt.Errorf("unit_price: %d is negative", l.UnitPrice)
	case l.Tax < 0:
		return fmt.Errorf("tax: %d is negative", l.Tax)
	case l.Discount < 0:
		return fmt.Errorf("discount: %d is negative", l.Discount)
	}
	seen[l.LineID] = true
	return nil
}

// checkTotals checks that the totals add up with the lines.
func checkTotals(w *wireSale) error {
	t := w.Totals
	if t.Tax < 0 || t.Discount < 0 || t.Shipping < 0 || t.Total < 0 {
		return errors.New("totals: amounts must not be negative")
	}
	var gross, tax, discount int64
	for _, l := range w.Lines {
		gross += l.UnitPrice * l.Quantity
		tax += l.Tax
		discount += l.Discount
	}
	if t.Discount != discount {
		return fmt.Errorf("totals.discount: %d, but the lines' discounts add up to %d",
			t.Discount, discount)
	}
	if t.Tax < tax {
		return fmt.Errorf("totals.tax: %d, less than the lines' taxes, %d", t.Tax, tax)
	}
	want := gross - t.Discount + t.Shipping
	if !w.TaxesIncluded {
		want += t.Tax
	}
	if t.Total != want {
		return fmt.Errorf("totals.total: %d, but the sale adds up to %d", t.Total, want)
	}
	return nil
}

// checkCustomer requires an address for a sale to be shipped.
func checkCustomer(w *wireSale) error {
	if w.Fulfilment != ShipFromStore {
		return nil
	}
	if w.Customer == nil || w.Customer.Address == nil || w.Customer.Address.IsZero() {
		return errors.New("customer.address: required for ship_from_store")
	}
	if strings.TrimSpace(w.Customer.Address.Country) == "" {
		return errors.New("customer.address.country: required for ship_from_store")
	}
	return nil
}
