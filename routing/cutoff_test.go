package routing_test

import (
	"testing"
	"time"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/routing"
)

// twoDepots has depot A in Amsterdam, cut-off 17:00 every day, and depot B
// in Brussels, cut-off 18:00 every day. A is cheaper; a day's delay costs
// more than the difference. A keeps the Dutch King's Day, B does not.
const twoDepots = `currency: EUR
calendars:
  - {id: nl-public, holidays: [2026-04-27]}
locations:
  - id: dc-a
    country: NL
    time_zone: Europe/Amsterdam
    serves: [NL, BE]
    methods: [standard]
    carriers: [postnl]
    cutoffs: [{days: [mon-sun], at: "17:00"}]
    calendars: [nl-public]
  - id: dc-b
    country: BE
    time_zone: Europe/Brussels
    serves: [NL, BE]
    methods: [standard]
    carriers: [dhl]
    cutoffs: [{days: [mon-sun], at: "18:00"}]
carriers:
  - id: postnl
    zones: [{to: [NL, BE], transit: {standard: 1}, rates: [{up_to_g: 30000, cost: 4.00}]}]
  - id: dhl
    zones: [{to: [NL, BE], transit: {standard: 1}, rates: [{up_to_g: 30000, cost: 6.00}]}]
scoring:
  ship_delay: 10
  cost: 1
`

// TestCutoffSwitch checks that an order placed a minute past depot A's
// cut-off goes to depot B, which can still ship today, on an ordinary day,
// on the days the clocks change and on A's public holiday.
func TestCutoffSwitch(t *testing.T) {
	e := newEngine(t, twoDepots)
	stock := routing.StockMap{"dc-a": {"TEE": 10}, "dc-b": {"TEE": 10}}
	tests := []struct {
		name     string
		now      time.Time
		location string
		shipBy   time.Time
		eta      time.Time
	}{
		{"ordinary day, before A's cut-off", at(amsterdam, "2026-03-25 16:59"), "dc-a",
			at(amsterdam, "2026-03-25 17:00"), day(amsterdam, "2026-03-26")},
		{"ordinary day, at A's cut-off", at(amsterdam, "2026-03-25 17:00"), "dc-a",
			at(amsterdam, "2026-03-25 17:00"), day(amsterdam, "2026-03-26")},
		{"ordinary day, a minute past A's cut-off", at(amsterdam, "2026-03-25 17:01"), "dc-b",
			at(brussels, "2026-03-25 18:00"), day(brussels, "2026-03-26")},
		{"ordinary day, past both cut-offs", at(amsterdam, "2026-03-25 18:01"), "dc-a",
			at(amsterdam, "2026-03-26 17:00"), day(amsterdam, "2026-03-27")},
		// Sunday 29 March 2026: clocks go from 02:00 CET to 03:00 CEST.
		{"spring forward, before A's cut-off", at(amsterdam, "2026-03-29 16:59"), "dc-a",
			time.Date(2026, 3, 29, 15, 0, 0, 0, time.UTC), day(amsterdam, "2026-03-30")},
		{"spring forward, a minute past A's cut-off", at(amsterdam, "2026-03-29 17:01"),
			"dc-b", time.Date(2026, 3, 29, 16, 0, 0, 0, time.UTC), day(brussels, "2026-03-30")},
		{"spring forward, 15:30 UTC is 17:30 summer time", time.Date(2026, 3, 29, 15, 30, 0, 0,
			time.UTC), "dc-b", at(brussels, "2026-03-29 18:00"), day(brussels, "2026-03-30")},
		// Sunday 25 October 2026: clocks go from 03:00 CEST to 02:00 CET.
		{"fall back, before A's cut-off", at(amsterdam, "2026-10-25 16:59"), "dc-a",
			time.Date(2026, 10, 25, 16, 0, 0, 0, time.UTC), day(amsterdam, "2026-10-26")},
		{"fall back, 15:30 UTC is 16:30 winter time", time.Date(2026, 10, 25, 15, 30, 0, 0,
			time.UTC), "dc-a", at(amsterdam, "2026-10-25 17:00"), day(amsterdam, "2026-10-26")},
		{"fall back, a minute past A's cut-off", at(amsterdam, "2026-10-25 17:01"), "dc-b",
			time.Date(2026, 10, 25, 17, 0, 0, 0, time.UTC), day(brussels, "2026-10-26")},
		// Monday 27 April 2026, King's Day: A is closed all day, B is not.
		{"A's holiday, morning", at(amsterdam, "2026-04-27 09:00"), "dc-b",
			at(brussels, "2026-04-27 18:00"), day(brussels, "2026-04-28")},
		{"eve of A's holiday, a minute past A's cut-off", at(amsterdam, "2026-04-26 17:01"),
			"dc-b", at(brussels, "2026-04-26 18:00"), day(brussels, "2026-04-27")},
		{"A's holiday, past B's cut-off", at(amsterdam, "2026-04-27 18:01"), "dc-a",
			at(amsterdam, "2026-04-28 17:00"), day(amsterdam, "2026-04-29")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := newOrder("NL", order.MethodStandard, tt.now, "TEE", 1)
			d := e.Decide(routing.Request{Order: o, Now: tt.now, Stock: stock})
			if len(d.Parts) != 1 || d.Parts[0].Location != tt.location {
				t.Fatalf("parts %v, want one from %s\n%s", locations(d), tt.location,
					d.Explain())
			}
			p := d.Parts[0]
			if !p.ShipBy.Equal(tt.shipBy) || !d.ShipBy.Equal(tt.shipBy) {
				t.Errorf("ship by %v (decision %v), want %v", p.ShipBy, d.ShipBy, tt.shipBy)
			}
			if !p.ETA.Equal(tt.eta) || !d.ETA.Equal(tt.eta) {
				t.Errorf("ETA %v (decision %v), want %v", p.ETA, d.ETA, tt.eta)
			}
		})
	}
}

// TestCutoffWeights checks that whether an order waits for depot A's next
// working day or goes to B today is the scoring weights' choice.
func TestCutoffWeights(t *testing.T) {
	now := at(amsterdam, "2026-03-25 17:01")
	stock := routing.StockMap{"dc-a": {"TEE": 10}, "dc-b": {"TEE": 10}}
	tests := []struct {
		weights  string
		location string
	}{
		{"ship_delay: 10\n  cost: 1\n", "dc-b"},
		{"ship_delay: 1\n  cost: 1\n", "dc-a"}, // a day's delay is worth less than 2.00
		{"cost: 1\n", "dc-a"},
	}
	for _, tt := range tests {
		e := newEngine(t, replace(t, twoDepots, "ship_delay: 10\n  cost: 1\n", tt.weights))
		o := newOrder("NL", order.MethodStandard, now, "TEE", 1)
		d := e.Decide(routing.Request{Order: o, Now: now, Stock: stock})
		if got := locations(d); len(got) != 1 || got[0] != tt.location {
			t.Errorf("scoring %q: parts %v, want %s", tt.weights, got, tt.location)
		}
	}
}

// TestETA checks that transit days count the carrier's working days.
func TestETA(t *testing.T) {
	src := replace(t, twoDepots, "  - id: postnl\n",
		"  - id: postnl\n    working_days: [mon-fri]\n    calendars: [nl-public]\n")
	src = replace(t, src, "transit: {standard: 1}, rates: [{up_to_g: 30000, cost: 4.00}]",
		"transit: {standard: 2}, rates: [{up_to_g: 30000, cost: 4.00}]")
	e := newEngine(t, src)
	stock := routing.StockMap{"dc-a": {"TEE": 10}}
	tests := []struct{ now, eta string }{
		{"2026-03-25 12:00", "2026-03-27"}, // Wednesday + 2
		{"2026-03-26 12:00", "2026-03-30"}, // Thursday + 2 over the weekend
		{"2026-03-28 12:00", "2026-03-31"}, // Saturday dispatch, Monday and Tuesday
		{"2026-04-24 12:00", "2026-04-29"}, // Friday, over the weekend and King's Day
	}
	for _, tt := range tests {
		now := at(amsterdam, tt.now)
		o := newOrder("NL", order.MethodStandard, now, "TEE", 1)
		d := e.Decide(routing.Request{Order: o, Now: now, Stock: stock})
		if want := day(amsterdam, tt.eta); !d.ETA.Equal(want) {
			t.Errorf("dispatch on %s: ETA %v, want %v", tt.now, d.ETA, want)
		}
	}
}
