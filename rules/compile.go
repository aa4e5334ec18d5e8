package rules

import (
	"fmt"
	"slices"
	"time"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/rules/calendar"
)

// compile checks the decoded file section by section and builds the Set
// it describes. Problems are collected in c; the Set is only good when
// there are none.
func (c *checker) compile(f *fileDef) *Set {
	s := &Set{}
	s.currency = c.currencyCode(f.Currency)
	c.currency = s.currency
	cals := c.calendars(f.Calendars)
	s.products = c.products(f.Products)
	s.carriers = c.carriers(f.Carriers, cals)
	s.locations = c.locations(f.Locations, cals, s.carriers)
	s.candidates = c.candidates(f.Candidates, s.locations)
	s.scoring = c.scoring(f.Scoring)
	s.split = c.split(f.Split)
	s.priority = c.priority(f.Priority)
	s.bundling = c.bundling(f.Bundling)
	if len(c.problems) == 0 {
		c.precompute(s)
	}
	return s
}

func (c *checker) currencyCode(code string) string {
	if code == "" {
		c.missing("currency", "name the ISO 4217 currency of every cost in the file, such as EUR")
		return ""
	}
	if _, ok := order.CurrencyExponent(code); !ok {
		c.problem("currency", "%q is not an ISO 4217 currency code such as EUR", code)
		return ""
	}
	return code
}

// calendars returns the holidays of each named calendar.
func (c *checker) calendars(defs []calendarDef) map[string][]calendar.Date {
	cals := map[string][]calendar.Date{}
	seen := map[string]string{}
	for i, d := range defs {
		path := fmt.Sprintf("calendars[%d]", i)
		c.id(path+".id", d.ID, "calendar", seen)
		cals[d.ID] = c.dates(path+".holidays", d.Holidays)
	}
	return cals
}

// holidays returns the holidays of the calendars a location or carrier
// names at path.calendars, with its own at path.holidays.
func (c *checker) holidays(path string, names, own []string,
	cals map[string][]calendar.Date) []calendar.Date {
	var out []calendar.Date
	for i, name := range names {
		days, ok := cals[name]
		if !ok {
			c.problem(fmt.Sprintf("%s.calendars[%d]", path, i), "unknown calendar %q%s",
				name, didYouMean(name, keys(cals)))
		}
		out = append(out, days...)
	}
	return append(out, c.dates(path+".holidays", own)...)
}

func (c *checker) products(defs []productDef) []Product {
	var out []Product
	for i, d := range defs {
		path := fmt.Sprintf("products[%d]", i)
		if d.SKU == "" {
			c.missing(path+".sku", "every product entry needs a SKU or a pattern such as HAZ-*")
		}
		if d.WeightG < 0 {
			c.problem(path+".weight_g", "%d is negative; a weight cannot be", d.WeightG)
		}
		out = append(out, newProduct(d.SKU, d.Tags, d.WeightG))
	}
	return out
}

// knownCarriers are the carriers of the order model, which orders name.
var knownCarriers = []order.Carrier{order.CarrierPostNL, order.CarrierDHL,
	order.CarrierDPD, order.CarrierUPS, order.CarrierFedEx, order.CarrierGLS,
	order.CarrierBpost, order.CarrierUSPS}

// knownMethods are the shipping methods of the order model.
var knownMethods = []order.Method{order.MethodStandard, order.MethodExpress,
	order.MethodNextDay, order.MethodSameDay, order.MethodPickupPoint,
	order.MethodClickAndCollect, order.MethodDigital}

var defaultWorkingDays = []string{"mon-fri"}

func (c *checker) carriers(defs []carrierDef, cals map[string][]calendar.Date) []Carrier {
	var out []Carrier
	seen := map[string]string{}
	for i, d := range defs {
		path := fmt.Sprintf("carriers[%d]", i)
		c.id(path+".id", d.ID, "carrier", seen)
		if d.ID != "" && !slices.Contains(knownCarriers, order.Carrier(d.ID)) {
			c.problem(path+".id", "%q is not a carrier orders can name%s", d.ID,
				didYouMean(d.ID, words(knownCarriers)))
		}
		days := d.WorkingDays
		if len(days) == 0 {
			days = defaultWorkingDays
		}
		week := c.weekdays(path+".working_days", days, map[time.Weekday]string{})
		hol := c.holidays(path, d.Calendars, d.Holidays, cals)
		out = append(out, Carrier{ID: order.Carrier(d.ID), Calendar: calendar.New(week, hol),
			Zones: c.zones(path, d.Zones)})
	}
	return out
}

func (c *checker) zones(path string, defs []zoneDef) []Zone {
	if len(defs) == 0 {
		c.missing(path+".zones", "a carrier needs at least one zone of countries it delivers to")
	}
	var out []Zone
	inZone := map[string]string{}
	for i, d := range defs {
		zp := fmt.Sprintf("%s.zones[%d]", path, i)
		z := Zone{Name: d.Name, Transit: map[order.Method]int{}}
		if z.Name == "" {
			z.Name = fmt.Sprintf("zone %d", i+1)
		}
		if len(d.To) == 0 {
			c.missing(zp+".to", "list the countries of the zone, such as [NL]")
		}
		for j, country := range d.To {
			cp := fmt.Sprintf("%s.to[%d]", zp, j)
			if !c.country(cp, country) {
				continue
			}
			if other, dup := inZone[country]; dup {
				c.problem(cp, "%s is in two zones of this carrier; it is also at %s",
					country, other)
				continue
			}
			inZone[country] = cp
			z.Countries = append(z.Countries, country)
		}
		if len(d.Transit) == 0 {
			c.missing(zp+".transit", "give the transit days of each method, such as "+
				"{standard: 1}")
		}
		for m, days := range d.Transit {
			mp := zp + ".transit." + m
			if c.method(mp, m, true) && days < 0 {
				c.problem(mp, "%d is negative; transit days cannot be", days)
			}
			z.Transit[order.Method(m)] = max(days, 0)
		}
		z.Rates = c.rates(zp+".rates", d.Rates)
		out = append(out, z)
	}
	return out
}

// method checks a shipping method's name, at its key when atKey.
func (c *checker) method(path, m string, atKey bool) bool {
	if slices.Contains(knownMethods, order.Method(m)) {
		return true
	}
	report := c.problem
	if atKey {
		report = c.keyProblem
	}
	report(path, "unknown method %q%s", m, didYouMean(m, words(knownMethods)))
	return false
}

func (c *checker) rates(path string, defs []bandDef) []Band {
	if len(defs) == 0 {
		c.missing(path, "give at least one weight band, such as {up_to_g: 2000, cost: 4.95}")
	}
	var out []Band
	for i, d := range defs {
		bp := fmt.Sprintf("%s[%d]", path, i)
		switch {
		case d.UpToG <= 0:
			c.problem(bp+".up_to_g", "the heaviest weight of a band must be above 0 grams")
		case i > 0 && d.UpToG <= defs[i-1].UpToG:
			c.problem(bp+".up_to_g", "bands must go from light to heavy; %d is not above %d",
				d.UpToG, defs[i-1].UpToG)
		}
		if d.Cost == "" {
			c.missing(bp+".cost", "give the rate of the band, such as 4.95")
		}
		out = append(out, Band{UpToG: d.UpToG, Cost: c.amount(bp+".cost", d.Cost)})
	}
	return out
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func words[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, w := range list {
		out[i] = string(w)
	}
	return out
}
