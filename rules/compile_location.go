package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/rules/calendar"
)

var kinds = []string{KindWarehouse, KindThreePL, KindStore}

func (c *checker) locations(defs []locationDef, cals map[string][]calendar.Date,
	carriers []Carrier) []Location {
	if len(defs) == 0 {
		c.missing("locations", "a rule set needs at least one location to route to")
	}
	var carrierIDs []string
	for _, cr := range carriers {
		carrierIDs = append(carrierIDs, string(cr.ID))
	}
	var out []Location
	seen := map[string]string{}
	for i, d := range defs {
		path := fmt.Sprintf("locations[%d]", i)
		c.id(path+".id", d.ID, "location", seen)
		out = append(out, c.location(path, d, cals, carrierIDs))
	}
	return out
}

func (c *checker) location(path string, d locationDef, cals map[string][]calendar.Date,
	carrierIDs []string) Location {
	l := Location{ID: d.ID, Kind: d.Kind, Country: d.Country, Tags: d.Tags,
		Zones: d.Zones, Capacity: d.Capacity}
	if l.Kind == "" {
		l.Kind = KindWarehouse
	} else {
		c.oneOf(path+".kind", d.Kind, kinds)
	}
	if d.Country == "" {
		c.missing(path+".country", "give the country the location is in, such as NL")
	} else {
		c.country(path+".country", d.Country)
	}
	l.TimeZone = c.timeZone(path+".time_zone", d.TimeZone)
	l.Serves = c.serves(path+".serves", d.Serves)
	for country, zone := range d.Zones {
		zp := path + ".zones." + country
		if !order.IsCountry(country) {
			c.keyProblem(zp, "%q is not an ISO 3166-1 alpha-2 country code such as NL", country)
		}
		if zone < 0 {
			c.problem(zp, "%d is negative; a zone cannot be", zone)
		}
	}
	l.Methods = c.methods(path+".methods", d.Methods)
	l.Carriers = c.locationCarriers(path+".carriers", d.Carriers, carrierIDs)
	cutoffs := c.cutoffs(path+".cutoffs", d.Cutoffs)
	hol := c.holidays(path, d.Calendars, d.Holidays, cals)
	if l.TimeZone != nil {
		l.Schedule = calendar.NewSchedule(l.TimeZone, cutoffs, hol)
	}
	l.HandlingCost = c.amount(path+".handling_cost", d.HandlingCost)
	l.UnitCost = c.amount(path+".unit_cost", d.UnitCost)
	if d.Capacity < 0 {
		c.problem(path+".capacity", "%d is negative; a capacity cannot be", d.Capacity)
	}
	return l
}

func (c *checker) timeZone(path, name string) *time.Location {
	if name == "" {
		c.missing(path, "give the IANA time zone of the cut-offs, such as Europe/Amsterdam")
		return nil
	}
	zone, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		c.problem(path, "%q is not an IANA time zone such as Europe/Amsterdam", name)
		return nil
	}
	return zone
}

// serves reads destinations written as a country, such as NL, or a region
// of one, such as ES-CN.
func (c *checker) serves(path string, list []string) []Destination {
	if len(list) == 0 {
		c.missing(path, "list the countries the location ships to, such as [NL, BE]")
	}
	var out []Destination
	seen := map[string]bool{}
	for i, s := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		country, region, hasRegion := strings.Cut(s, "-")
		switch {
		case !order.IsCountry(country) || (hasRegion && region == ""):
			c.problem(p, "%q is not a country such as NL or a region of one such as ES-CN", s)
			continue
		case seen[s]:
			c.problem(p, "%s is listed twice", s)
			continue
		}
		seen[s] = true
		j := slices.IndexFunc(out, func(d Destination) bool { return d.Country == country })
		if j < 0 {
			out = append(out, Destination{Country: country})
			j = len(out) - 1
		}
		if hasRegion {
			out[j].Regions = append(out[j].Regions, region)
		}
	}
	// A country listed whole is served whole, whatever regions are listed.
	for j, d := range out {
		if seen[d.Country] {
			out[j].Regions = nil
		}
	}
	return out
}

func (c *checker) methods(path string, list []string) []order.Method {
	if len(list) == 0 {
		c.missing(path, "list the shipping methods the location offers, such as [standard]")
	}
	var out []order.Method
	for i, m := range list {
		if c.method(fmt.Sprintf("%s[%d]", path, i), m, false) {
			out = append(out, order.Method(m))
		}
	}
	return out
}

func (c *checker) locationCarriers(path string, list, known []string) []order.Carrier {
	if len(list) == 0 {
		c.missing(path, "list the carriers that collect at the location, such as [postnl]")
	}
	var out []order.Carrier
	for i, id := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case !slices.Contains(known, id):
			c.problem(p, "unknown carrier %q; carriers are defined under carriers%s", id,
				didYouMean(id, known))
		case slices.Contains(out, order.Carrier(id)):
			c.problem(p, "%s is listed twice", id)
		default:
			out = append(out, order.Carrier(id))
		}
	}
	return out
}

// cutoffs reads the cut-off times of a location by day of the week.
func (c *checker) cutoffs(path string, defs []cutoffDef) [7]calendar.Clock {
	var out [7]calendar.Clock
	for d := range out {
		out[d] = calendar.NoCutoff
	}
	if len(defs) == 0 {
		c.missing(path, "give the cut-off time of each working day, such as "+
			"{days: [mon-fri], at: \"17:00\"}")
	}
	seen := map[time.Weekday]string{}
	for i, d := range defs {
		p := fmt.Sprintf("%s[%d]", path, i)
		if len(d.Days) == 0 {
			c.missing(p+".days", "list the days this cut-off is on, such as [mon-fri]")
		}
		days := c.weekdays(p+".days", d.Days, seen)
		if d.At == "" {
			c.missing(p+".at", "give the cut-off time, such as \"17:00\"")
			continue
		}
		at, err := calendar.ParseClock(d.At)
		if err != nil {
			c.problem(p+".at", "%q is not a time of day written as HH:MM, from 00:00 to 23:59",
				d.At)
			continue
		}
		for _, day := range days {
			out[day] = at
		}
	}
	return out
}
