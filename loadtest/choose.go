package loadtest

import (
	"fmt"
	"strings"
	"time"
)

// draft makes the random choices for the n-th order: where it goes, what
// is in it, how it ships and how far it is paid.
func (g *Generator) draft(n int) draft {
	c := &countries[g.weighted(len(countries), func(i int) int { return countries[i].weight })]
	d := draft{
		id:         g.orderID(n),
		number:     n + 1,
		placed:     g.placedAt(n),
		shop:       g.shop,
		country:    c,
		market:     c.currency,
		currency:   c.currency,
		inclusive:  c.vat != 0,
		taxRate:    c.vat,
		taxesShip:  c.vat != 0, // US states differ; here shipping is untaxed
		shipLineID: g.rng.Int64(),
		marketing:  g.rng.IntN(3) == 0,
		tags:       g.tags(),
	}
	d.buyer = g.person(c)
	d.ship = g.postal(c, d.buyer)
	d.bill = d.ship
	if g.rng.IntN(7) == 0 {
		d.bill = g.postal(c, g.person(c))
	}
	if !d.inclusive {
		d.taxRate = d.ship.city.salesTax
	}
	d.lines = g.lines(d.market)
	d.method = g.method(c.code)
	if g.Returning > 0 {
		g.returning(&d)
	}
	d.status = g.pick([]string{"paid", "pending", "authorized"}, []int{85, 8, 7})
	if g.rng.IntN(5) == 0 {
		d.discount = &discounts[g.rng.IntN(len(discounts))]
	}
	return d
}

// recentOrders is how many of the latest orders a returning customer may
// have placed.
const recentOrders = 8

// returning makes d, with probability g.Returning, an order of the customer
// of one of the latest orders: to the same address, by the same method. It
// remembers d for the orders that follow.
func (g *Generator) returning(d *draft) {
	if len(g.recent) > 0 && g.rng.Float64() < g.Returning {
		prev := g.recent[g.rng.IntN(len(g.recent))]
		d.country, d.market, d.currency = prev.country, prev.market, prev.currency
		d.inclusive, d.taxRate, d.taxesShip = prev.inclusive, prev.taxRate, prev.taxesShip
		d.buyer, d.ship, d.bill, d.method = prev.buyer, prev.ship, prev.bill, prev.method
		d.lines = g.lines(d.market)
	}
	if len(g.recent) == recentOrders {
		g.recent = g.recent[1:]
	}
	g.recent = append(g.recent, *d)
}

// placedAt spreads orders about orderGap apart, each at a random moment
// in its own slot, so that created_at only ever grows.
func (g *Generator) placedAt(n int) time.Time {
	slot := g.Start.Add(time.Duration(n) * orderGap)
	return slot.Add(time.Duration(g.rng.Int64N(int64(orderGap)))).Truncate(time.Second)
}

// spoil makes d unusable in one of three ways that Ordo must put on hold.
func (g *Generator) spoil(d *draft) {
	d.discount = nil
	switch g.rng.IntN(3) {
	case 0:
		d.problem, d.currency = "unknown_currency", "XYZ"
	case 1:
		d.problem = "bad_quantity"
		d.lines[g.rng.IntN(len(d.lines))].qty = -1
	default:
		d.problem, d.lines = "no_lines", nil
	}
}

// lines picks one to four different variants, most often one of each.
func (g *Generator) lines(currency string) []draftLine {
	count := 1 + g.weighted(4, func(i int) int { return []int{50, 30, 13, 7}[i] })
	var ls []draftLine
	seen := map[string]bool{}
	for len(ls) < count {
		p := &products[g.rng.IntN(len(products))]
		l := draftLine{
			id:      g.rng.Int64(),
			product: p,
			color:   p.colors[g.rng.IntN(len(p.colors))],
			size:    "OS",
			qty:     int64(1 + g.weighted(3, func(i int) int { return []int{75, 18, 7}[i] })),
			unit:    unitPrice(p.eur, currency),
		}
		if len(p.sizes) > 0 {
			l.size = p.sizes[g.rng.IntN(len(p.sizes))]
		}
		if key := p.code + l.color + l.size; !seen[key] {
			seen[key] = true
			ls = append(ls, l)
		}
	}
	return ls
}

// unitPrice converts a euro price into currency and ends it in .95, as
// shops price for each market: tax included in GBP, excluded in USD.
func unitPrice(eur int64, currency string) int64 {
	var rate int64
	switch currency {
	case "GBP":
		rate = 86
	case "USD":
		rate = 108
	default:
		return eur
	}
	return (eur*rate+5000)/10000*100 - 5
}

// method picks a shipping method offered in the country.
func (g *Generator) method(country string) *method {
	var offered []*method
	for i := range methods {
		if strings.Contains(methods[i].countries, country) {
			offered = append(offered, &methods[i])
		}
	}
	return offered[g.weighted(len(offered), func(i int) int { return offered[i].weight })]
}

func (g *Generator) person(c *country) person {
	p := person{
		id:    6_000_000_000_000 + g.rng.Int64N(1_000_000_000_000),
		first: c.first[g.rng.IntN(len(c.first))],
		last:  c.last[g.rng.IntN(len(c.last))],
	}
	local := ascii(p.first) + "." + ascii(p.last)
	if g.rng.IntN(2) == 0 {
		local += fmt.Sprint(g.rng.IntN(100))
	}
	domains := []string{"example.com", "example.net", "example.org"}
	p.email = local + "@" + domains[g.rng.IntN(len(domains))]
	return p
}

func (g *Generator) postal(c *country, p person) postal {
	ct := &c.cities[g.rng.IntN(len(c.cities))]
	street := c.streets[g.rng.IntN(len(c.streets))]
	number := fmt.Sprint(1 + g.rng.IntN(180))
	a := postal{first: p.first, last: p.last, city: ct, zip: g.postcode(c.code, ct)}
	if c.numberFirst {
		a.address1 = number + " " + street
	} else {
		a.address1 = street + " " + number
	}
	if g.rng.IntN(5) == 0 {
		a.address2 = c.address2[g.rng.IntN(len(c.address2))]
	}
	return a
}

// postcode returns a postcode of the city in its country's format: "1012 AB"
// in the Netherlands, four digits in Belgium, five in Germany, France and
// the United States, and "SW1A 2AB" in the United Kingdom.
func (g *Generator) postcode(country string, c *city) string {
	number := c.lo + g.rng.IntN(c.hi-c.lo+1)
	switch country {
	case "NL":
		// PostNL leaves out F, I, O, Q, U and Y, and the pairs SA, SD and SS.
		const letters = "ABCDEGHJKLMNPRSTVWXZ"
		for {
			a, b := letters[g.rng.IntN(len(letters))], letters[g.rng.IntN(len(letters))]
			if pair := string([]byte{a, b}); pair != "SA" && pair != "SD" && pair != "SS" {
				return fmt.Sprintf("%04d %s", number, pair)
			}
		}
	case "GB":
		// The inward code leaves out C, I, K, M, O and V.
		const letters = "ABDEFGHJLNPQRSTUWXYZ"
		return fmt.Sprintf("%s %d%c%c", c.outward[g.rng.IntN(len(c.outward))],
			g.rng.IntN(10), letters[g.rng.IntN(len(letters))], letters[g.rng.IntN(len(letters))])
	case "BE":
		return fmt.Sprintf("%04d", number)
	default:
		return fmt.Sprintf("%05d", number)
	}
}

func (g *Generator) tags() string {
	var ts []string
	for _, t := range []string{"newsletter", "first-order", "vip", "gift"} {
		if g.rng.IntN(6) == 0 {
			ts = append(ts, t)
		}
	}
	return strings.Join(ts, ", ")
}

// pick returns one of choices, each as likely as its weight.
func (g *Generator) pick(choices []string, weights []int) string {
	return choices[g.weighted(len(choices), func(i int) int { return weights[i] })]
}

// weighted returns an index below n, each as likely as its weight.
func (g *Generator) weighted(n int, weight func(int) int) int {
	total := 0
	for i := range n {
		total += weight(i)
	}
	r := g.rng.IntN(total)
	for i := range n {
		if r -= weight(i); r < 0 {
			return i
		}
	}
	return n - 1
}

// ascii folds a name into the lower-case letters an e-mail address is
// made of here: "van den Berg" gives "vandenberg", "Müller" "muller".
func ascii(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case strings.ContainsRune("àâä", r):
			b.WriteByte('a')
		case strings.ContainsRune("éèêë", r):
			b.WriteByte('e')
		case strings.ContainsRune("ïî", r):
			b.WriteByte('i')
		case strings.ContainsRune("öô", r):
			b.WriteByte('o')
		case strings.ContainsRune("üû", r):
			b.WriteByte('u')
		case r == 'ç':
			b.WriteByte('c')
		case r == 'ß':
			b.WriteString("ss")
		}
	}
	return b.String()
}
