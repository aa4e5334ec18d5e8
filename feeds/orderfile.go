package feeds

import (
	"bytes"
	"cmp"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/order"
)

// The canonical fields of an order file, besides fieldSKU.
const (
	fieldOrderID   = "order_id"
	fieldLineID    = "line_id"
	fieldQuantity  = "quantity"
	fieldUnitPrice = "unit_price"
	fieldCurrency  = "currency"
	fieldPlacedAt  = "placed_at"
	fieldName      = "name"
	fieldTitle     = "title"
	fieldTax       = "tax"
	fieldDiscount  = "discount"
	fieldShipping  = "shipping"
	fieldTotal     = "total"
	fieldEmail     = "email"
	fieldPhone     = "phone"
	fieldFirstName = "first_name"
	fieldLastName  = "last_name"
	fieldAddress1  = "address1"
	fieldAddress2  = "address2"
	fieldPostcode  = "postcode"
	fieldCity      = "city"
	fieldRegion    = "region"
	fieldCountry   = "country"
	fieldMethod    = "method"
	fieldCarrier   = "carrier"
	fieldPayment   = "payment"
	fieldUpdatedAt = "updated_at"
)

// orderFields are the fields of an order as a whole, which every row of
// the order repeats. The others are the fields of its lines.
var orderFields = []string{fieldName, fieldCurrency, fieldPlacedAt, fieldUpdatedAt,
	fieldShipping, fieldTotal, fieldEmail, fieldPhone, fieldFirstName, fieldLastName,
	fieldAddress1, fieldAddress2, fieldPostcode, fieldCity, fieldRegion, fieldCountry,
	fieldMethod, fieldCarrier, fieldPayment}

// neededOrderFields are the fields whose columns every order file has.
var neededOrderFields = []string{fieldOrderID, fieldSKU, fieldQuantity, fieldUnitPrice,
	fieldCurrency, fieldPlacedAt}

// orderMapping returns how to read an orders feed's files: the columns the
// configuration names, all but the needed ones optional.
func orderMapping(f config.Feed) filedrop.Mapping {
	m := filedrop.Mapping{Delimiter: []rune(f.Delimiter)[0], Header: true,
		Columns: f.OrderColumns.ByField()}
	for _, field := range slices.Sorted(maps.Keys(m.Columns)) {
		if !slices.Contains(neededOrderFields, field) {
			m.Optional = append(m.Optional, field)
		}
	}
	return m
}

// readOrders returns the orders of channel that an order file holds, in
// the order the file first lists them, or a *filedrop.Error listing every
// problem with the file.
//
// A file has a row per order line, and the rows of an order share its
// order id. The order's own fields come from its first row, and every
// other row must repeat them as they are there. Amounts are decimals in
// the currency's major unit and include tax.
func readOrders(channel string, m filedrop.Mapping, data []byte) ([]order.Order, error) {
	r := filedrop.NewReader(bytes.NewReader(data), m)
	f := orderFile{channel: channel, byID: map[string]*orderGroup{}}
	for rec := range r.Records() {
		f.add(rec)
	}
	for _, g := range f.groups {
		g.finish()
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	if len(f.groups) == 0 {
		return nil, &filedrop.Error{Problems: []filedrop.Problem{{
			Message: "the file holds no order rows"}}}
	}
	out := make([]order.Order, len(f.groups))
	for i, g := range f.groups {
		out[i] = g.order
		out[i].Normalize()
	}
	return out, nil
}

// orderFile gathers the orders of a file as its rows are read.
type orderFile struct {
	channel string
	byID    map[string]*orderGroup
	groups  []*orderGroup
}

// add reads a row into the order it belongs to.
func (f *orderFile) add(rec filedrop.Record) {
	id := rec.Get(fieldOrderID)
	if id == "" {
		rec.Fail(fieldOrderID, "is empty; every row needs the id of its order")
		readLine(rec, strings.ToUpper(rec.Get(fieldCurrency)), 0) // for its problems
		return
	}
	g, seen := f.byID[id]
	if seen {
		g.agree(rec)
	} else {
		g = newOrderGroup(f.channel, id, rec)
		f.byID[id] = g
		f.groups = append(f.groups, g)
	}
	g.addLine(rec)
	g.ok = g.ok && rec.OK()
}

// orderGroup is an order being read from the rows that share its id.
type orderGroup struct {
	order order.Order
	// first is the order's first row, and head the values of the order's
	// fields there.
	first filedrop.Record
	head  map[string]string
	// total is the total the file states, if hasTotal.
	total    int64
	hasTotal bool
	// lineIDs maps the id of each line read to the line of the file.
	lineIDs map[string]int
	// ok says that none of the order's rows has a problem.
	ok bool
}

// newOrderGroup starts the order with the given id at its first row, from
// which its order fields are read.
func newOrderGroup(channel, id string, rec filedrop.Record) *orderGroup {
	g := &orderGroup{first: rec, head: map[string]string{}, lineIDs: map[string]int{}, ok: true}
	for _, field := range orderFields {
		g.head[field] = rec.Get(field)
	}
	currency := strings.ToUpper(rec.Get(fieldCurrency))
	if _, ok := order.CurrencyExponent(currency); !ok {
		rec.Fail(fieldCurrency, "%q is not an ISO 4217 currency code such as EUR",
			rec.Get(fieldCurrency))
	}
	placed := timeOf(rec, fieldPlacedAt)
	updated := placed
	if rec.Has(fieldUpdatedAt) {
		updated = timeOf(rec, fieldUpdatedAt)
	}
	first, last := rec.Get(fieldFirstName), rec.Get(fieldLastName)
	g.order = order.Order{ChannelID: channel, OrderID: id, Name: rec.Get(fieldName),
		PlacedAt: placed, UpdatedAt: updated, Currency: currency, TaxesIncluded: true,
		Delivery: order.Delivery{Method: order.Method(strings.ToLower(rec.Get(fieldMethod))),
			Carrier: order.Carrier(strings.ToLower(rec.Get(fieldCarrier)))},
		Payment: payment(rec),
		Totals:  order.Totals{Shipping: amount(rec, fieldShipping, currency, false)},
		Customer: order.Customer{Email: rec.Get(fieldEmail), Phone: rec.Get(fieldPhone),
			FirstName: first, LastName: last, Shipping: order.Address{
				Name:  strings.TrimSpace(first + " " + last),
				Line1: rec.Get(fieldAddress1), Line2: rec.Get(fieldAddress2),
				Postcode: rec.Get(fieldPostcode), City: rec.Get(fieldCity),
				Region: rec.Get(fieldRegion), Country: rec.Get(fieldCountry)}},
	}
	g.total, g.hasTotal = amount(rec, fieldTotal, currency, false), rec.Has(fieldTotal)
	return g
}

// agree checks that a further row of the order repeats the order's fields
// as its first row has them.
func (g *orderGroup) agree(rec filedrop.Record) {
	for _, field := range orderFields {
		if v := rec.Get(field); v != g.head[field] {
			rec.Fail(field, "is %q, but line %d has %q; every row of order %s must "+
				"repeat the order's fields", v, g.first.Line, g.head[field], g.order.OrderID)
		}
	}
}

// addLine reads the order line of a row, whose line id must be new in the
// order.
func (g *orderGroup) addLine(rec filedrop.Record) {
	l := readLine(rec, g.order.Currency, len(g.order.Lines)+1)
	if at, dup := g.lineIDs[l.LineID]; dup {
		rec.Fail(fieldLineID, "%q is also the id of the line on line %d; every line of "+
			"order %s needs an id of its own", l.LineID, at, g.order.OrderID)
	}
	g.lineIDs[l.LineID] = rec.Line
	g.order.Lines = append(g.order.Lines, l)
}

// readLine reads the order line of a row, the pos-th of its order. A line
// without a line id is known by its position in the order, counting from
// 1. Shipments are reported to the channel by line id, so a party whose
// files have no line ids must list an order's lines in the same order in
// every file, as the channel knows them.
func readLine(rec filedrop.Record, currency string, pos int) order.Line {
	l := order.Line{LineID: cmp.Or(rec.Get(fieldLineID), strconv.Itoa(pos)),
		SKU: rec.Get(fieldSKU), Title: rec.Get(fieldTitle), Quantity: quantity(rec),
		UnitPrice: amount(rec, fieldUnitPrice, currency, true),
		Tax:       amount(rec, fieldTax, currency, false),
		Discount:  amount(rec, fieldDiscount, currency, false)}
	if l.SKU == "" {
		rec.Fail(fieldSKU, "is empty; every line needs a SKU")
	}
	return l
}

// finish sums the lines into the order's totals when all its rows are
// good. Amounts include tax, so the total is the lines less their
// discounts plus shipping, and a total that the file states must be that.
// The tax is that of the lines: the files have no column for tax on
// shipping.
func (g *orderGroup) finish() {
	if !g.ok {
		return
	}
	var gross, tax, discount tally
	gross.add(g.order.Totals.Shipping)
	for _, l := range g.order.Lines {
		gross.addProduct(l.Quantity, l.UnitPrice)
		tax.add(l.Tax)
		discount.add(l.Discount)
	}
	if gross.over || tax.over || discount.over {
		g.first.Fail(fieldUnitPrice, "the amounts of order %s add up to more than Ordo "+
			"can hold", g.order.OrderID)
		return
	}
	t := &g.order.Totals
	t.Tax, t.Discount, t.Total = tax.sum, discount.sum, gross.sum-discount.sum
	if g.hasTotal && g.total != t.Total {
		g.first.Fail(fieldTotal, "is %s, but the lines less their discounts plus shipping "+
			"come to %s; amounts include tax", order.FormatAmount(g.total, g.order.Currency),
			order.FormatAmount(t.Total, g.order.Currency))
	}
}

// tally adds up amounts that are not negative, noting when the sum no
// longer fits.
type tally struct {
	sum  int64
	over bool
}

func (t *tally) add(v int64) {
	if v > math.MaxInt64-t.sum {
		t.over = true
		return
	}
	t.sum += v
}

func (t *tally) addProduct(q, v int64) {
	if v != 0 && q > math.MaxInt64/v {
		t.over = true
		return
	}
	t.add(q * v)
}

// quantity reads the units of a line: a whole number, at least 1.
func quantity(rec filedrop.Record) int64 {
	n, err := strconv.ParseInt(rec.Get(fieldQuantity), 10, 64)
	if err == nil && n < 1 {
		rec.Fail(fieldQuantity, "is %d; a line needs at least 1 unit", n)
		return n
	}
	return rec.Int(fieldQuantity) // which names what is wrong with any other value
}

// amount reads an amount in the currency's major unit, such as 12.95, as
// minor units. A blank value is 0 unless the field is required.
func amount(rec filedrop.Record, field, currency string, required bool) int64 {
	example := order.FormatAmount(1295, currency)
	v := rec.Get(field)
	if v == "" {
		if required {
			rec.Fail(field, "is empty; want an amount such as %s", example)
		}
		return 0
	}
	n, err := order.ParseAmount(v, currency)
	switch {
	case err != nil:
		rec.Fail(field, "found %q; want a decimal amount such as %s", v, example)
	case n < 0:
		rec.Fail(field, "is %s; an amount cannot be negative", v)
	}
	return n
}

// payment reads the state of the order's payment: pending when blank.
func payment(rec filedrop.Record) order.Payment {
	switch p := order.Payment(strings.ToLower(rec.Get(fieldPayment))); p {
	case "":
		return order.PaymentPending
	case order.PaymentPending, order.PaymentAuthorized, order.PaymentPaid:
		return p
	}
	rec.Fail(fieldPayment, "%q is not one of pending, authorized, paid", rec.Get(fieldPayment))
	return ""
}

// timeOf reads an RFC 3339 time, in UTC.
func timeOf(rec filedrop.Record, field string) time.Time {
	v := rec.Get(field)
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		rec.Fail(field, "%q is not a time such as 2026-12-03T14:05:00+01:00", v)
	}
	return t.UTC()
}
