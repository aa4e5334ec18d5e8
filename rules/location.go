package rules

import (
	"slices"
	"time"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/rules/calendar"
)

// The kinds of location.
const (
	KindWarehouse = "warehouse"
	KindThreePL   = "3pl"
	KindStore     = "store"
)

// Location is a warehouse, 3PL or store that orders may be routed to.
type Location struct {
	// ID names the location, as in the configuration's locations.
	ID string
	// Kind is KindWarehouse, KindThreePL or KindStore.
	Kind string
	// Country is the ISO 3166-1 alpha-2 code of the country it is in.
	Country string
	// TimeZone is the zone of its cut-offs and holidays.
	TimeZone *time.Location
	// Serves lists the destinations it ships to.
	Serves []Destination
	// Zones maps destination countries to their zone as seen from here,
	// for the zone criterion. A country not listed is zone 0 when it is
	// the location's own country and zone 1 otherwise.
	Zones map[string]int
	// Methods are the shipping methods it offers.
	Methods []order.Method
	// Carriers are the carriers that collect here, in order of preference.
	Carriers []order.Carrier
	// Tags are labels that rules test, such as hazmat.
	Tags []string
	// Schedule is when it dispatches: its cut-offs, working days and
	// holidays.
	Schedule *calendar.Schedule
	// HandlingCost is the cost of one shipment leaving here, in minor
	// units of the rule set's currency, on top of the carrier's rate.
	HandlingCost int64
	// UnitCost is the cost or margin given up per unit shipped from here,
	// in minor units of the rule set's currency.
	UnitCost int64
	// Capacity is how many shipments a day it can send, for the load
	// criterion; 0 means that load is not weighed. It is a preference, not
	// a limit: a location at capacity can still be chosen.
	Capacity int
}

// Destination is a country a location ships to, whole or in part.
type Destination struct {
	// Country is an ISO 3166-1 alpha-2 code.
	Country string
	// Regions are the region codes served, or empty for the whole country.
	// They are compared with the order's region exactly, as the channel
	// sends it.
	Regions []string
}

// ServesRegion reports whether the location ships to region of country.
func (l *Location) ServesRegion(country, region string) bool {
	for _, d := range l.Serves {
		if d.Country == country && (len(d.Regions) == 0 || slices.Contains(d.Regions, region)) {
			return true
		}
	}
	return false
}

// Zone returns the zone of a destination country as seen from l.
func (l *Location) Zone(country string) int {
	if z, ok := l.Zones[country]; ok {
		return z
	}
	if country == l.Country {
		return 0
	}
	return 1
}

// Facts returns the facts of l that rule expressions see.
func (l *Location) Facts() LocationFacts {
	f := LocationFacts{ID: l.ID, Kind: l.Kind, Country: l.Country, Tags: l.Tags}
	for _, m := range l.Methods {
		f.Methods = append(f.Methods, string(m))
	}
	for _, c := range l.Carriers {
		f.Carriers = append(f.Carriers, string(c))
	}
	return f
}
