package shopify

import (
	"fmt"

	"github.com/ordo-oms/ordo/order"
)

// mapLines maps the line items in the order Shopify sent them.
func mapLines(items []lineItem, r *reader) []order.Line {
	var lines []order.Line
	for i, li := range items {
		lines = append(lines, mapLine(i, li, r))
	}
	return lines
}

// mapLine maps one line item. Its tax and discount are for the whole line,
// as Ordo records them. The discount is the sum of its discount allocations;
// only a payload without them, from before Shopify added them, falls back
// to the deprecated total_discount.
func mapLine(i int, li lineItem, r *reader) order.Line {
	where := fmt.Sprintf("line %d", i)
	l := order.Line{
		LineID:    string(li.ID),
		SKU:       li.SKU,
		Variant:   string(li.VariantID),
		Title:     li.Name,
		Quantity:  r.quantity(where+" quantity", li.Quantity),
		UnitPrice: r.amount(where+" price", shop(li.Price, li.PriceSet)),
		Tax:       r.taxes(where, li.TaxLines),
	}
	if l.Title == "" {
		l.Title = li.Title
	}
	if li.DiscountAllocations != nil {
		l.Discount = r.discounts(where, li.DiscountAllocations)
	} else {
		l.Discount = r.amount(where+" total_discount", shop(li.TotalDiscount, li.TotalDiscountSet))
	}
	return l
}

// mapTotals returns the order totals. Shipping is the sum of the shipping
// lines' prices before their discounts. Tax and discount are Shopify's
// order totals, which include those of the shipping lines; a payload
// without them gets the sums over the lines and shipping lines instead.
func mapTotals(p *payload, lines []order.Line, r *reader) order.Totals {
	t := order.Totals{Total: r.amount("total_price", shop(p.TotalPrice, p.TotalPriceSet))}
	var shipTax, shipDiscount int64
	for i, s := range p.ShippingLines {
		where := fmt.Sprintf("shipping line %d", i)
		t.Shipping = r.add("shipping", t.Shipping, r.amount(where+" price", shop(s.Price, s.PriceSet)))
		shipTax = r.add("shipping tax", shipTax, r.taxes(where, s.TaxLines))
		shipDiscount = r.add("shipping discount", shipDiscount,
			r.discounts(where, s.DiscountAllocations))
	}
	if len(p.ShippingLines) == 0 && p.TotalShippingSet != nil {
		t.Shipping = r.amount("total_shipping_price_set", shop("", p.TotalShippingSet))
	}

	t.Tax = r.amount("total_tax", shop(p.TotalTax, p.TotalTaxSet))
	if !has(p.TotalTax, p.TotalTaxSet) {
		t.Tax = shipTax
		for _, l := range lines {
			t.Tax = r.add("tax", t.Tax, l.Tax)
		}
	}
	t.Discount = r.amount("total_discounts", shop(p.TotalDiscounts, p.TotalDiscountsSet))
	if !has(p.TotalDiscounts, p.TotalDiscountsSet) {
		t.Discount = shipDiscount
		for _, l := range lines {
			t.Discount = r.add("discount", t.Discount, l.Discount)
		}
	}
	return t
}

// has reports whether an amount is present in either form.
func has(plain number, set *moneySet) bool { return shop(plain, set) != "" }
