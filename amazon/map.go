package amazon

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
)

// ErrMalformed is returned, wrapped with the detail, for an answer that
// cannot be read as an order: not JSON, errors instead of a payload, no
// order id or times, or an amount that is not a decimal of the order's
// currency.
var ErrMalformed = errors.New("amazon: malformed order payload")

// Map reads a getOrder answer and a getOrderItems answer, both as SP-API
// sends them ({"payload": ...}), into a report for channel channelID.
// itemsJSON may be empty, which maps an order without lines for Ordo to
// hold (no_lines); when Amazon pages the items, Fetch joins the pages
// before mapping. Every error wraps ErrMalformed. An order with content
// problems (no lines, no address, a zero quantity) is mapped as sent, for
// Ordo's validation to hold.
//
// Amounts: ItemPrice is the price of the whole quantity, so UnitPrice is
// ItemPrice divided by QuantityOrdered; when that does not divide exactly,
// UnitPrice is rounded up and the difference added to the line's Discount,
// so the line still sums to ItemPrice. Line Tax is ItemTax less
// PromotionDiscountTax, line Discount is PromotionDiscount. Totals.Shipping
// is the sum of ShippingPrice, Totals.Tax every line tax plus ShippingTax
// less ShippingDiscountTax, Totals.Discount every line discount plus
// ShippingDiscount, and Totals.Total is OrderTotal (or, for a Pending order
// that has none yet, the sum of the rest). Gift wrap and cash-on-delivery
// fees are not mapped, so an order with them does not reconcile.
func Map(channelID string, orderJSON, itemsJSON []byte) (channel.Report, error) {
	p, err := unwrap[orderPayload]("getOrder answer", orderJSON)
	if err != nil {
		return channel.Report{}, err
	}
	var items []itemPayload
	if len(bytes.TrimSpace(itemsJSON)) > 0 {
		page, err := unwrap[itemsPage]("getOrderItems answer", itemsJSON)
		if err != nil {
			return channel.Report{}, err
		}
		if page.AmazonOrderID != "" && page.AmazonOrderID != p.AmazonOrderID {
			return channel.Report{}, fmt.Errorf("%w: the items are of order %s, not %s",
				ErrMalformed, page.AmazonOrderID, p.AmazonOrderID)
		}
		items = page.OrderItems
	}
	return mapOrder(channelID, p, items)
}

// mapOrder maps an order and all its items.
func mapOrder(channelID string, p *orderPayload, items []itemPayload) (channel.Report, error) {
	if strings.TrimSpace(p.AmazonOrderID) == "" {
		return channel.Report{}, fmt.Errorf("%w: no AmazonOrderId", ErrMalformed)
	}
	o := order.Order{
		ChannelID: channelID,
		OrderID:   p.AmazonOrderID,
		Name:      p.AmazonOrderID,
		Currency:  currencyOf(p, items),
		Payment:   payment(p.OrderStatus),
		Tags:      tags(p, items),
		Delivery:  delivery(p),
		Customer:  customer(p),
	}
	o.TaxesIncluded = taxesIncluded(p.MarketplaceID, o.Currency)

	r := &reader{currency: o.Currency}
	o.PlacedAt = r.time("PurchaseDate", p.PurchaseDate)
	o.UpdatedAt = r.time("LastUpdateDate", p.LastUpdateDate)
	var ship shipping
	o.Lines, ship = mapLines(items, r)
	o.Totals = mapTotals(&o, p.OrderTotal, ship, r)
	if r.err != nil {
		return channel.Report{}, fmt.Errorf("%w (order %s)", r.err, p.AmazonOrderID)
	}
	o.Normalize()

	rep := channel.Report{Order: o}
	if p.OrderStatus == "Canceled" {
		rep.Cancelled = &channel.Cancellation{At: o.UpdatedAt, Reason: cancelReason(items)}
	}
	return rep, nil
}

// shipping sums the items' shipping amounts.
type shipping struct {
	price, tax, discount int64
}

// mapLines maps the items to lines and sums their shipping. The SKU is
// the seller's SKU (SellerSKU), which Ordo's catalogue knows; the ASIN,
// Amazon's catalogue number, is kept as the Variant.
func mapLines(items []itemPayload, r *reader) ([]order.Line, shipping) {
	var lines []order.Line
	var s shipping
	for _, it := range items {
		f := "item " + it.OrderItemID + " "
		price := r.amount(f+"ItemPrice", it.ItemPrice)
		unit, rest := split(price, it.QuantityOrdered)
		lines = append(lines, order.Line{
			LineID:    it.OrderItemID,
			SKU:       it.SellerSKU,
			Variant:   it.ASIN,
			Title:     it.Title,
			Quantity:  it.QuantityOrdered,
			UnitPrice: unit,
			Tax: r.amount(f+"ItemTax", it.ItemTax) -
				r.amount(f+"PromotionDiscountTax", it.PromotionDiscountTax),
			Discount: r.amount(f+"PromotionDiscount", it.PromotionDiscount) + rest,
		})
		s.price += r.amount(f+"ShippingPrice", it.ShippingPrice)
		s.tax += r.amount(f+"ShippingTax", it.ShippingTax) -
			r.amount(f+"ShippingDiscountTax", it.ShippingDiscountTax)
		s.discount += r.amount(f+"ShippingDiscount", it.ShippingDiscount)
	}
	return lines, s
}

// split divides the price of a quantity into a unit price, rounded up, and
// what that rounding adds, which is never negative. A quantity below one
// keeps the whole price as the unit price, for validation to hold.
func split(price, qty int64) (unit, rest int64) {
	if qty <= 0 {
		return price, 0
	}
	unit = price / qty
	if price%qty > 0 {
		unit++
	}
	return unit, unit*qty - price
}

// mapTotals sums the order's amounts and takes its total from OrderTotal.
func mapTotals(o *order.Order, total *money, s shipping, r *reader) order.Totals {
	t := order.Totals{Shipping: s.price, Tax: s.tax, Discount: s.discount}
	var gross int64
	for _, l := range o.Lines {
		t.Tax += l.Tax
		t.Discount += l.Discount
		gross += l.UnitPrice * l.Quantity
	}
	if total != nil && total.Amount != "" {
		t.Total = r.amount("OrderTotal", total)
		return t
	}
	t.Total = gross + t.Shipping - t.Discount
	if !o.TaxesIncluded {
		t.Total += t.Tax
	}
	return t
}

// taxExclusive are the marketplaces whose prices exclude sales tax, which
// Amazon adds as ItemTax: the United States and Canada. Everywhere else
// (the EU, the UK, Japan, Australia, India, ...) prices include VAT, GST
// or consumption tax, and ItemTax is the part of ItemPrice that is tax.
var taxExclusive = map[string]bool{"ATVPDKIKX0DER": true, "A2EUQ1WTGCTBG2": true}

// taxesIncluded reports whether the marketplace's prices include tax. An
// order without a marketplace is judged by its currency.
func taxesIncluded(marketplace, currency string) bool {
	if marketplace == "" {
		return currency != "USD" && currency != "CAD"
	}
	return !taxExclusive[marketplace]
}

// currencyOf returns the order's currency: OrderTotal's, or, for an order
// without a total yet, that of its first priced item.
func currencyOf(p *orderPayload, items []itemPayload) string {
	if p.OrderTotal != nil && p.OrderTotal.CurrencyCode != "" {
		return upperTrim(p.OrderTotal.CurrencyCode)
	}
	for _, it := range items {
		if it.ItemPrice != nil && it.ItemPrice.CurrencyCode != "" {
			return upperTrim(it.ItemPrice.CurrencyCode)
		}
	}
	return ""
}

// reader parses amounts and times, keeping the first error.
type reader struct {
	currency string
	err      error
}

// amount returns m in minor units of the order's currency, or 0 when m is
// absent. An amount in another currency is an error.
func (r *reader) amount(field string, m *money) int64 {
	if r.err != nil || m == nil || strings.TrimSpace(m.Amount) == "" {
		return 0
	}
	if cc := upperTrim(m.CurrencyCode); cc != "" && cc != r.currency {
		r.err = fmt.Errorf("%w: %s is in %s but the order is in %s",
			ErrMalformed, field, cc, r.currency)
		return 0
	}
	v, err := order.ParseAmount(strings.TrimSpace(m.Amount), r.currency)
	if err != nil {
		r.err = fmt.Errorf("%w: %s: %w", ErrMalformed, field, err)
	}
	return v
}

// time parses a required ISO 8601 time.
func (r *reader) time(field, s string) time.Time {
	if r.err != nil {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		r.err = fmt.Errorf("%w: %s %q is not an ISO 8601 time", ErrMalformed, field, s)
	}
	return t
}

func upperTrim(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
