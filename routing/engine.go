// Package routing decides where orders ship from under a rule set: which
// locations may ship them, when each dispatches, which scores best, when
// to split and what to backorder, and it keeps why, for a planner. It also
// ranks pending orders for short stock and answers the costs and hold
// times that bundling needs. It is a pure package: the caller brings the
// order, the clock, the stock and the day's load.
package routing

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/rules"
	"github.com/ordo-oms/ordo/rules/calendar"
)

// Engine decides where orders go under one rule set. It is safe for
// concurrent use.
type Engine struct {
	set       *rules.Set
	scale     float64 // minor units in a unit of the rule set's currency
	locs      []location
	countries map[string]int // destination country to its index in location.dest
	rules     []candidateRule
	score     []scoreRule
	perOrder  []shared // distinct conditions evaluated once per order
	perLine   []shared // distinct conditions evaluated once per line
	scratch   sync.Pool
}

// location is a rule set location with what the engine works out for it
// once.
type location struct {
	*rules.Location
	facts    rules.LocationFacts
	dest     []destination // by country index
	dispatch atomic.Pointer[window]
}

// destination is what a location offers to one destination country.
type destination struct {
	serves  bool
	regions []string // empty: the whole country
	zone    int
	options [][]carrierOption // by method index, in the location's preference
}

// carrierOption is a carrier that can take shipments from a location to a
// destination with a method.
type carrierOption struct {
	carrier *rules.Carrier
	zone    *rules.Zone
	transit int
}

// window remembers a location's next dispatch: for any t from from to
// dispatch, the next dispatch is dispatch.
type window struct {
	from, dispatch time.Time
	day            int // dispatch's date in the location's zone, in days since 1970
}

// methods are the shipping methods by index.
var methods = []order.Method{order.MethodStandard, order.MethodExpress,
	order.MethodNextDay, order.MethodSameDay, order.MethodPickupPoint,
	order.MethodClickAndCollect, order.MethodDigital}

// New returns an engine for the rule set.
func New(set *rules.Set) *Engine {
	e := &Engine{set: set, countries: map[string]int{}, scale: scale(set.Currency())}
	e.indexCountries()
	e.locs = make([]location, len(set.Locations()))
	for i := range set.Locations() {
		e.initLocation(i)
	}
	e.classifyRules()
	e.scratch.New = func() any { return e.newScratch() }
	return e
}

// Rules returns the engine's rule set.
func (e *Engine) Rules() *rules.Set { return e.set }

// indexCountries numbers every country a location or carrier names.
func (e *Engine) indexCountries() {
	add := func(c string) {
		if _, ok := e.countries[c]; !ok {
			e.countries[c] = len(e.countries)
		}
	}
	for _, l := range e.set.Locations() {
		add(l.Country)
		for _, d := range l.Serves {
			add(d.Country)
		}
	}
	for _, c := range e.set.Carriers() {
		for _, z := range c.Zones {
			for _, country := range z.Countries {
				add(country)
			}
		}
	}
}

func (e *Engine) initLocation(i int) {
	l := &e.set.Locations()[i]
	loc := &e.locs[i]
	loc.Location, loc.facts = l, l.Facts()
	loc.dest = make([]destination, len(e.countries))
	for country, ci := range e.countries {
		d := &loc.dest[ci]
		for _, s := range l.Serves {
			if s.Country == country {
				d.serves, d.regions = true, s.Regions
			}
		}
		d.zone = l.Zone(country)
		d.options = make([][]carrierOption, len(methods))
		for mi, m := range methods {
			d.options[mi] = e.carrierOptions(l, country, m)
		}
	}
}

// carrierOptions returns the carriers collecting at l that deliver to
// country with method m.
func (e *Engine) carrierOptions(l *rules.Location, country string,
	m order.Method) []carrierOption {
	var out []carrierOption
	for _, id := range l.Carriers {
		c := e.carrier(id)
		if c == nil {
			continue
		}
		if z := c.ZoneFor(country); z != nil {
			if days, ok := z.Transit[m]; ok {
				out = append(out, carrierOption{carrier: c, zone: z, transit: days})
			}
		}
	}
	return out
}

func (e *Engine) carrier(id order.Carrier) *rules.Carrier {
	cs := e.set.Carriers()
	for i := range cs {
		if cs[i].ID == id {
			return &cs[i]
		}
	}
	return nil
}

// nextDispatch returns location l's next dispatch at t and its date in
// days since 1970, remembering the answer for the times that share it.
func (e *Engine) nextDispatch(l *location, t time.Time) (time.Time, int) {
	if w := l.dispatch.Load(); w != nil && !t.Before(w.from) && !t.After(w.dispatch) {
		return w.dispatch, w.day
	}
	next := l.Schedule.Next(t)
	day := calendar.DateOf(next).DaysSince(epoch)
	l.dispatch.Store(&window{from: t, dispatch: next, day: day})
	return next, day
}

var epoch = calendar.Date{Year: 1970, Month: time.January, Day: 1}
