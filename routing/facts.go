package routing

import (
	"errors"
	"slices"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/rules"
)

// orderFacts fills the expression environment with the facts of the
// order, and s.lines with the lines to ship: every line but bundle lines,
// whose components ship instead, and lines of no units.
func (s *scratch) orderFacts(o *order.Order) {
	unit := scale(o.Currency)
	country := o.Delivery.Country
	if country == "" {
		country = o.Customer.Shipping.Country
	}
	s.env.Order = rules.OrderFacts{ID: o.OMSOrderID, Channel: o.ChannelID,
		Country: country, Region: o.Customer.Shipping.Region,
		Postcode: o.Customer.Shipping.Postcode, Method: string(o.Delivery.Method),
		Carrier: string(o.Delivery.Carrier), Priority: string(o.Delivery.Priority),
		Payment: string(o.Payment), Currency: o.Currency,
		Total: float64(o.Totals.Total) / unit, Tags: o.Tags, PlacedAt: o.PlacedAt}
	products := s.e.set.Products()
	for i := range o.Lines {
		l := &o.Lines[i]
		if l.Kind == order.KindBundle || l.Quantity <= 0 {
			continue
		}
		p := s.e.set.ProductIndex(l.SKU)
		f := rules.LineFacts{ID: l.LineID, SKU: l.SKU, Variant: l.Variant, Kind: "item",
			Qty: l.Quantity, UnitPrice: float64(l.UnitPrice) / unit}
		if l.Kind == order.KindComponent {
			f.Kind = "component"
		}
		if p < len(products) {
			f.Tags, f.UnitWeightG = products[p].Tags, products[p].WeightG
		}
		f.WeightG = f.UnitWeightG * l.Quantity
		for _, t := range f.Tags {
			if !slices.Contains(s.lineTags, t) {
				s.lineTags = append(s.lineTags, t)
			}
		}
		s.lines = append(s.lines, routeLine{line: l, product: p, unitWeight: f.UnitWeightG})
		s.lineFacts = append(s.lineFacts, f)
		s.env.Order.Units += l.Quantity
		s.env.Order.WeightG += f.WeightG
	}
	s.env.Order.Lines, s.env.Order.LineTags = s.lineFacts, s.lineTags
	s.country, s.method = s.e.destination(country, o.Delivery.Method)
	s.carrier = o.Delivery.Carrier
	if s.carrier == order.CarrierAny {
		s.carrier = ""
	}
}

// destination returns the indexes of a country and a method, or -1.
func (e *Engine) destination(country string, m order.Method) (int, int) {
	ci, ok := e.countries[country]
	if !ok {
		ci = -1
	}
	return ci, slices.Index(methods, m)
}

// scale returns the number of minor units in a unit of a currency: 100
// for EUR, 1 for JPY. An unknown currency is taken to have two decimals.
func scale(currency string) float64 {
	exp, ok := order.CurrencyExponent(currency)
	if !ok {
		exp = 2
	}
	f := 1.0
	for range exp {
		f *= 10
	}
	return f
}

// evaluate finds the value of every condition that depends on the order
// or a line alone, once.
func (s *scratch) evaluate() {
	for k, c := range s.e.perOrder {
		s.orderVals[k] = s.bool(c.x, c.rule)
	}
	k := len(s.e.perLine)
	for l := range s.lines {
		s.env.Line = s.lineFacts[l]
		for j, c := range s.e.perLine {
			s.lineVals[l*k+j] = s.bool(c.x, c.rule)
		}
	}
}

// bool runs a condition in the environment as it stands; a failure is
// recorded and counts as false.
func (s *scratch) bool(x *rules.Expr, rule string) bool {
	ok, err := x.Bool(&s.vm, &s.env)
	if err != nil {
		s.fail(rule, err)
	}
	return ok
}

func (s *scratch) fail(rule string, err error) {
	msg := err.Error()
	var eval *rules.EvalError
	if errors.As(err, &eval) {
		msg = eval.Reason()
	}
	if rule != "" {
		msg = "rule " + rule + ": " + msg
	}
	if !slices.Contains(s.errors, msg) {
		s.errors = append(s.errors, msg)
	}
}
