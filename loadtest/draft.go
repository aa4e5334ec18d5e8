package loadtest

import "time"

// draft is an order while it is generated: the choices made, then the
// amounts that follow from them. All amounts are integer cents.
type draft struct {
	id         int64
	number     int
	placed     time.Time
	shop       string
	country    *country
	market     string // the currency prices were chosen in
	currency   string // the currency sent, which a problem may spoil
	inclusive  bool   // prices include tax
	taxRate    int    // in units of 0.001 %
	taxesShip  bool
	buyer      person
	ship, bill postal
	lines      []draftLine
	method     *method
	shipLineID int64
	discount   *discount
	status     string
	marketing  bool
	tags       string
	problem    string

	// Set by price.
	shipPrice, shipDiscount, shipTax int64
}

type draftLine struct {
	id       int64
	product  *product
	color    string
	size     string
	qty      int64
	unit     int64
	discount int64
	tax      int64
}

type person struct {
	id                 int64
	first, last, email string
}

type postal struct {
	first, last        string
	address1, address2 string
	zip                string
	city               *city
}

// price works out the discounts, taxes and shipping price. Tax is worked
// out per line on the discounted amount and rounded per line, half away from
// zero, as Shopify does.
func (d *draft) price() {
	var gross int64
	for _, l := range d.lines {
		gross += l.unit * l.qty
	}
	d.allocateDiscount(gross)
	var subtotal int64
	for i := range d.lines {
		l := &d.lines[i]
		l.tax = tax(l.unit*l.qty-l.discount, d.taxRate, d.inclusive)
		subtotal += l.unit*l.qty - l.discount
	}

	d.shipPrice = d.method.prices[d.market]
	if free, ok := d.method.freeOver[d.market]; ok && subtotal >= free {
		d.shipPrice = 0
	}
	if d.discount != nil && d.discount.kind == "shipping" {
		d.shipDiscount = d.shipPrice
	}
	if d.taxesShip {
		d.shipTax = tax(d.shipPrice-d.shipDiscount, d.taxRate, d.inclusive)
	}
}

// allocateDiscount spreads the order's discount code over its lines: a
// percentage of each line, or a fixed amount in proportion to each line's
// price with the rounding remainder on the last line.
func (d *draft) allocateDiscount(gross int64) {
	if d.discount == nil {
		return
	}
	switch dc := d.discount; dc.kind {
	case "percentage":
		for i := range d.lines {
			l := &d.lines[i]
			l.discount = roundDiv(l.unit*l.qty*dc.percent, 100)
		}
	case "fixed_amount":
		if gross < dc.minimum {
			d.discount = nil
			return
		}
		left := dc.fixed
		for i := range d.lines {
			l := &d.lines[i]
			l.discount = dc.fixed * l.unit * l.qty / gross
			if i == len(d.lines)-1 {
				l.discount = left
			}
			left -= l.discount
		}
	}
}

// tax returns the tax on net at rate, in units of 0.001 %: the part of net
// that is tax when prices include it, or what is added to net otherwise.
func tax(net int64, rate int, inclusive bool) int64 {
	r := int64(rate)
	if inclusive {
		return roundDiv(net*r, 100000+r)
	}
	return roundDiv(net*r, 100000)
}

// roundDiv returns num/den rounded half away from zero; den is positive.
func roundDiv(num, den int64) int64 {
	if num < 0 {
		return -roundDiv(-num, den)
	}
	return (2*num + den) / (2 * den)
}

// totals are the order's amounts as Shopify reports them.
type totals struct {
	lineItems, subtotal, discounts, tax, price int64
}

func (d *draft) totals() totals {
	var t totals
	var lineDiscounts int64
	for _, l := range d.lines {
		t.lineItems += l.unit * l.qty
		lineDiscounts += l.discount
		t.tax += l.tax
	}
	t.subtotal = t.lineItems - lineDiscounts
	t.discounts = lineDiscounts + d.shipDiscount
	t.tax += d.shipTax
	t.price = t.lineItems + d.shipPrice - t.discounts
	if !d.inclusive {
		t.price += t.tax
	}
	return t
}
