package routing_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/routing"
)

// scored has three locations that can each ship the order: a cheap one in
// another country, a dear one at home and a store.
const scored = `currency: EUR
products:
  - {sku: "*", weight_g: 1000}
locations:
  - id: dc-be
    country: BE
    time_zone: Europe/Brussels
    serves: [NL]
    zones: {NL: 2}
    methods: [standard]
    carriers: [bpost]
    cutoffs: [{days: [mon-fri], at: "17:00"}]
    handling_cost: 0.50
    unit_cost: 0.10
    capacity: 200
  - id: dc-nl
    country: NL
    time_zone: Europe/Amsterdam
    serves: [NL]
    methods: [standard]
    carriers: [postnl, dhl]
    cutoffs: [{days: [mon-fri], at: "17:00"}]
    handling_cost: 1.00
    unit_cost: 0.20
    capacity: 1000
  - id: store
    kind: store
    country: NL
    time_zone: Europe/Amsterdam
    serves: [NL]
    methods: [standard]
    carriers: [postnl]
    cutoffs: [{days: [mon-fri], at: "17:00"}]
carriers:
  - id: postnl
    zones: [{to: [NL], transit: {standard: 1},
             rates: [{up_to_g: 2000, cost: 5.00}, {up_to_g: 10000, cost: 7.00}]}]
  - id: dhl
    zones: [{to: [NL], transit: {standard: 2},
             rates: [{up_to_g: 2000, cost: 5.00}, {up_to_g: 10000, cost: 6.00}]}]
  - id: bpost
    zones: [{to: [NL], transit: {standard: 2}, rates: [{up_to_g: 10000, cost: 3.00}]}]
scoring:
  WEIGHTS
`

// TestScoring checks each criterion by weighing it alone, and the measures
// and points the explanation records.
func TestScoring(t *testing.T) {
	now := at(amsterdam, "2026-03-25 10:00")
	stock := routing.StockMap{"dc-be": {"TEE": 3}, "dc-nl": {"TEE": 40}, "store": {"TEE": 12}}
	load := map[string]int{"dc-be": 9, "dc-nl": 499}
	tests := []struct {
		weights string
		want    string
		// The total of each location, in the file's order.
		totals []float64
	}{
		// 2 kg: bpost 3.00 + 0.50, postnl 5.00 + 1.00, postnl 5.00 + 0.
		{"cost: 1", "dc-be", []float64{3.5, 6, 5}},
		{"margin: 1", "store", []float64{0.2, 0.4, 0}},
		{"zone: 1", "store", []float64{2, 0, 0}}, // a tie, which the lower cost breaks
		{"stock_depth: 0.5", "dc-nl", []float64{-0.5, -19, -5}},
		{"load: 1", "store", []float64{5, 50, 0}}, // the store has no capacity set
		{"cost: 1\n  zone: 2", "store", []float64{7.5, 6, 5}},
		{"rules:\n    - {name: stores first, points: 'location.kind == \"store\" ? -1 : 0'}",
			"store", []float64{0, 0, -1}},
		{"rules:\n    - {name: fewer units, points: order.units * 2}", "dc-be",
			[]float64{4, 4, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.weights, func(t *testing.T) {
			e := newEngine(t, replace(t, scored, "WEIGHTS", tt.weights))
			o := newOrder("NL", order.MethodStandard, now, "TEE", 2)
			d := e.Decide(routing.Request{Order: o, Now: now, Stock: stock, Load: load})
			if got := locations(d); len(got) != 1 || got[0] != tt.want {
				t.Fatalf("parts %v, want %s\n%s", got, tt.want, d.Explain())
			}
			var totals []float64
			for _, c := range d.Explanation.Candidates {
				totals = append(totals, c.Score.Total)
			}
			if diff := cmp.Diff(tt.totals, totals); diff != "" {
				t.Errorf("totals (-want +got):\n%s\n%s", diff, d.Explain())
			}
		})
	}
}

// TestScoreMeasures checks what the explanation records of one score.
func TestScoreMeasures(t *testing.T) {
	e := newEngine(t, replace(t, scored, "WEIGHTS", "cost: 1\n  margin: 2\n  zone: 3\n"+
		"  stock_depth: 0.1\n  load: 0.01\n  ship_delay: 10"))
	now := at(amsterdam, "2026-03-25 10:00")
	stock := routing.StockMap{"dc-be": {"TEE": 3}, "dc-nl": {"TEE": 40}, "store": {"TEE": 12}}
	o := newOrder("NL", order.MethodStandard, now, "TEE", 2)
	d := e.Decide(routing.Request{Order: o, Now: now, Stock: stock,
		Load: map[string]int{"dc-be": 9}})
	want := &routing.Score{DelayDays: 0, ShippingCost: 350, UnitCost: 20, Zone: 2,
		StockDepth: 1, LoadPercent: 5, Carrier: "bpost",
		Points: routing.Points{Cost: 3.5, Margin: 0.4, Zone: 6, StockDepth: -0.1, Load: 0.05},
		Total:  9.85}
	if diff := cmp.Diff(want, candidate(t, d, "dc-be").Score); diff != "" {
		t.Errorf("score (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]routing.Score{*candidate(t, d, "dc-nl").Score},
		d.Explanation.Chosen); diff != "" {
		t.Errorf("chosen (-want +got):\n%s", diff)
	}
}

// TestTies checks that equal scores are broken the same way every time:
// the earlier dispatch, then the lower cost, then the location listed
// first.
func TestTies(t *testing.T) {
	twins := func(cutoffB, rateB string) string {
		var locs string
		for _, l := range []struct{ id, cutoff string }{{"dc-x", "17:00"}, {"dc-a", cutoffB},
			{"dc-b", "17:00"}} {
			locs += fmt.Sprintf(`  - {id: %s, country: NL, time_zone: Europe/Amsterdam,
     serves: [NL], methods: [standard], carriers: [postnl],
     cutoffs: [{days: [mon-fri], at: "%s"}]}
`, l.id, l.cutoff)
		}
		return `currency: EUR
locations:
` + locs + `carriers:
  - id: postnl
    zones: [{to: [NL], transit: {standard: 1}, rates: [{up_to_g: 10000, cost: ` + rateB +
			`}]}]
`
	}
	now := at(amsterdam, "2026-03-25 10:00")
	tests := []struct {
		name  string
		src   string
		stock routing.StockMap
		want  string
		ranks []int
	}{
		{"listed first", twins("17:00", "5.00"),
			routing.StockMap{"dc-a": {"TEE": 1}, "dc-b": {"TEE": 1}}, "dc-a", []int{0, 1, 2}},
		{"listed first of three", twins("17:00", "5.00"),
			routing.StockMap{"dc-x": {"TEE": 1}, "dc-a": {"TEE": 1}, "dc-b": {"TEE": 1}},
			"dc-x", []int{1, 2, 3}},
		{"earlier dispatch", twins("16:00", "5.00"),
			routing.StockMap{"dc-x": {"TEE": 1}, "dc-a": {"TEE": 1}, "dc-b": {"TEE": 1}},
			"dc-a", []int{2, 1, 3}},
	}
	for _, tt := range tests {
		e := newEngine(t, tt.src)
		for range 3 {
			o := newOrder("NL", order.MethodStandard, now, "TEE", 1)
			d := e.Decide(routing.Request{Order: o, Now: now, Stock: tt.stock})
			if got := locations(d); len(got) != 1 || got[0] != tt.want {
				t.Fatalf("%s: parts %v, want %s", tt.name, got, tt.want)
			}
			var ranks []int
			for _, c := range d.Explanation.Candidates {
				ranks = append(ranks, c.Rank)
			}
			if diff := cmp.Diff(tt.ranks, ranks); diff != "" {
				t.Errorf("%s: ranks (-want +got):\n%s", tt.name, diff)
			}
		}
	}
}

// TestCheapestCarrier checks that a location ships with its cheapest
// carrier for the weight, and that the rate band follows the weight.
func TestCheapestCarrier(t *testing.T) {
	e := newEngine(t, replace(t, scored, "WEIGHTS", "cost: 1"))
	now := at(amsterdam, "2026-03-25 10:00")
	stock := routing.StockMap{"dc-nl": {"TEE": 40}}
	tests := []struct {
		units   int
		carrier string
		cost    int64
	}{
		{1, "postnl", 600}, // both 5.00: the faster
		{2, "postnl", 600}, // 2000 g is in the first band
		{3, "dhl", 700},    // 6.00 against 7.00
		{11, "", 0},        // heavier than every band
	}
	for _, tt := range tests {
		o := newOrder("NL", order.MethodStandard, now, "TEE", tt.units)
		d := e.Decide(routing.Request{Order: o, Now: now, Stock: stock})
		if tt.carrier == "" {
			c := candidate(t, d, "dc-nl")
			if len(d.Parts) != 0 || len(c.Excluded) != 1 || c.Excluded[0].Reason !=
				routing.TooHeavy {
				t.Errorf("%d units: parts %v, exclusions %v; want none, too heavy",
					tt.units, locations(d), c.Excluded)
			}
			continue
		}
		if len(d.Parts) != 1 || d.Parts[0].Carrier != tt.carrier ||
			d.Parts[0].ShippingCost != tt.cost {
			t.Errorf("%d units: parts %+v, want %s at %d", tt.units, d.Parts, tt.carrier,
				tt.cost)
		}
	}
}
