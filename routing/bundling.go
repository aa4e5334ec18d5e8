package routing

import (
	"time"

	"github.com/ordo-oms/ordo/order"
)

// HoldUntil returns until when a fulfilment order for part p, created at
// now, may be held for other orders to join it: the end of the bundling
// window, or the part's cut-off less the margin if that is sooner, and
// never before now. Without bundling it is now.
func (e *Engine) HoldUntil(p Part, now time.Time) time.Time {
	b := e.set.Bundling()
	if !b.Enabled {
		return now
	}
	until := now.Add(b.Window)
	if !p.ShipBy.IsZero() {
		if end := p.ShipBy.Add(-b.CutoffMargin); end.Before(until) {
			until = end
		}
	}
	if until.Before(now) {
		return now
	}
	return until
}

// ShippingCost returns the cost of a shipment of weightG grams from a
// location to a country with a carrier and method: the carrier's rate plus
// the location's handling cost, in minor units of the rule set's currency.
// It reports false when the location, carrier, country or method is not
// one the rule set has a rate for, or the weight is above every band.
func (e *Engine) ShippingCost(location, carrier, country string, method order.Method,
	weightG int64) (int64, bool) {
	i := e.locationIndex(location)
	ci, mi := e.destination(country, method)
	if i < 0 || ci < 0 || mi < 0 {
		return 0, false
	}
	l := &e.locs[i]
	for _, o := range l.dest[ci].options[mi] {
		if string(o.carrier.ID) != carrier {
			continue
		}
		if rate, ok := o.zone.Cost(weightG); ok {
			return rate + l.HandlingCost, true
		}
		return 0, false
	}
	return 0, false
}

// Weight returns the weight of lines in grams, by the rule set's products.
func (e *Engine) Weight(lines []LineQty) int64 {
	products := e.set.Products()
	var g int64
	for _, l := range lines {
		if p := e.set.ProductIndex(l.SKU); p < len(products) {
			g += products[p].WeightG * l.Quantity
		}
	}
	return g
}

// locationIndex returns the index of the location with the given id, or
// -1.
func (e *Engine) locationIndex(id string) int {
	for i := range e.locs {
		if e.locs[i].ID == id {
			return i
		}
	}
	return -1
}
