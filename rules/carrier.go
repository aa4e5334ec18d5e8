package rules

import (
	"slices"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/rules/calendar"
)

// Carrier is a parcel carrier: the days it works, and per zone of
// destination countries its transit times and rates.
type Carrier struct {
	// ID is the carrier's name in the order model, such as postnl.
	ID order.Carrier
	// Calendar is the carrier's working days, which transit times count.
	Calendar *calendar.Calendar
	// Zones group the destination countries it delivers to.
	Zones []Zone
}

// Zone is a group of destination countries that a carrier treats alike.
type Zone struct {
	// Name names the zone for people, such as domestic or benelux.
	Name string
	// Countries are the ISO 3166-1 alpha-2 codes of the zone.
	Countries []string
	// Transit is the number of the carrier's working days from dispatch to
	// delivery for each method it offers to the zone.
	Transit map[order.Method]int
	// Rates are the weight bands, lightest first.
	Rates []Band
}

// Band is one line of a rate table: the cost of a parcel up to a weight.
type Band struct {
	// UpToG is the heaviest parcel of the band in grams.
	UpToG int64
	// Cost is the rate in minor units of the rule set's currency.
	Cost int64
}

// ZoneFor returns the zone a destination country is in, or nil when the
// carrier does not deliver there.
func (c *Carrier) ZoneFor(country string) *Zone {
	for i := range c.Zones {
		if slices.Contains(c.Zones[i].Countries, country) {
			return &c.Zones[i]
		}
	}
	return nil
}

// Cost returns the rate for a parcel of weightG grams, and false when it is
// heavier than every band.
func (z *Zone) Cost(weightG int64) (int64, bool) {
	for _, b := range z.Rates {
		if weightG <= b.UpToG {
			return b.Cost, true
		}
	}
	return 0, false
}
