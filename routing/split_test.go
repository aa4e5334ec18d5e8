package routing_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/routing"
)

// three has three locations alike but for their stock; dc-c ships from
// Monday to Thursday only.
const three = `currency: EUR
locations:
  - {id: dc-a, country: NL, time_zone: Europe/Amsterdam, serves: [NL], methods: [standard],
     carriers: [postnl], cutoffs: [{days: [mon-fri], at: "17:00"}]}
  - {id: dc-b, country: NL, time_zone: Europe/Amsterdam, serves: [NL], methods: [standard],
     carriers: [postnl], cutoffs: [{days: [mon-fri], at: "17:00"}]}
  - {id: dc-c, country: NL, time_zone: Europe/Amsterdam, serves: [NL], methods: [standard],
     carriers: [postnl], cutoffs: [{days: [mon-thu], at: "17:00"}]}
carriers:
  - id: postnl
    zones: [{to: [NL], transit: {standard: 1}, rates: [{up_to_g: 30000, cost: 5.00}]}]
scoring:
  ship_delay: 10
  cost: 1
split:
  SPLIT
`

type lq = routing.LineQty

// TestSplit checks when an order ships in parts, from where, and what is
// backordered.
func TestSplit(t *testing.T) {
	thursday := at(amsterdam, "2026-03-26 10:00")
	friday := at(amsterdam, "2026-03-27 10:00")
	tests := []struct {
		name        string
		split       string
		now         string
		stock       routing.StockMap
		lines       []any
		plan        routing.Plan
		outcome     routing.Outcome
		parts       map[string][]lq
		backordered []lq
	}{
		{"one location has everything", "allow: true", "thu",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"A": 1, "B": 1}}, []any{"A", 1, "B", 1},
			routing.PlanWhole, routing.Allocated,
			map[string][]lq{"dc-b": {{"1", "A", 1}, {"2", "B", 1}}}, nil},
		{"split", "allow: true", "thu",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"B": 1}}, []any{"A", 1, "B", 1},
			routing.PlanSplit, routing.Allocated,
			map[string][]lq{"dc-a": {{"1", "A", 1}}, "dc-b": {{"2", "B", 1}}}, nil},
		{"the location with the most units first", "allow: true", "thu",
			routing.StockMap{"dc-a": {"A": 1, "B": 1}, "dc-b": {"B": 5, "C": 1}},
			[]any{"A", 1, "B", 5, "C", 1}, routing.PlanSplit, routing.Allocated,
			map[string][]lq{"dc-b": {{"2", "B", 5}, {"3", "C", 1}}, "dc-a": {{"1", "A", 1}}},
			nil},
		{"a line split in quantity", "allow: true", "thu",
			routing.StockMap{"dc-a": {"A": 3}, "dc-b": {"A": 2}}, []any{"A", 5},
			routing.PlanSplit, routing.Allocated,
			map[string][]lq{"dc-a": {{"1", "A", 3}}, "dc-b": {{"1", "A", 2}}}, nil},
		{"cap on parts, rest shipped later", "allow: true\n  max_parts: 2", "thu",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"B": 1}, "dc-c": {"C": 1}},
			[]any{"A", 1, "B", 1, "C", 1}, routing.PlanPartial, routing.Partial,
			map[string][]lq{"dc-a": {{"1", "A", 1}}, "dc-b": {{"2", "B", 1}}},
			[]lq{{"3", "C", 1}}},
		{"cap of three", "allow: true\n  max_parts: 3", "thu",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"B": 1}, "dc-c": {"C": 1}},
			[]any{"A", 1, "B", 1, "C", 1}, routing.PlanSplit, routing.Allocated,
			map[string][]lq{"dc-a": {{"1", "A", 1}}, "dc-b": {{"2", "B", 1}},
				"dc-c": {{"3", "C", 1}}}, nil},
		{"cap on parts, wait", "allow: true\n  backorder: wait", "thu",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"B": 1}, "dc-c": {"C": 1}},
			[]any{"A", 1, "B", 1, "C", 1}, routing.PlanWait, routing.Backordered,
			map[string][]lq{}, []lq{{"3", "C", 1}}},
		{"no split allowed, partial", "allow: false", "thu",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"B": 2}}, []any{"A", 1, "B", 2},
			routing.PlanPartial, routing.Partial,
			map[string][]lq{"dc-b": {{"2", "B", 2}}}, []lq{{"1", "A", 1}}},
		{"split not allowed for this order", "allow: order.total >= 100", "thu",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"B": 2}}, []any{"A", 1, "B", 2},
			routing.PlanPartial, routing.Partial,
			map[string][]lq{"dc-b": {{"2", "B", 2}}}, []lq{{"1", "A", 1}}},
		{"split allowed for this order", "allow: order.total >= 30", "thu",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"B": 2}}, []any{"A", 1, "B", 2},
			routing.PlanSplit, routing.Allocated,
			map[string][]lq{"dc-b": {{"2", "B", 2}}, "dc-a": {{"1", "A", 1}}}, nil},
		{"out of stock everywhere, ship partial", "allow: true", "thu",
			routing.StockMap{"dc-a": {"A": 1}}, []any{"A", 1, "Z", 4},
			routing.PlanPartial, routing.Partial,
			map[string][]lq{"dc-a": {{"1", "A", 1}}}, []lq{{"2", "Z", 4}}},
		{"short everywhere, ship partial", "allow: true", "thu",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"A": 1}}, []any{"A", 4},
			routing.PlanPartial, routing.Partial,
			map[string][]lq{"dc-a": {{"1", "A", 1}}, "dc-b": {{"1", "A", 1}}},
			[]lq{{"1", "A", 2}}},
		{"out of stock everywhere, wait", "allow: true\n  backorder: wait", "thu",
			routing.StockMap{"dc-a": {"A": 1}}, []any{"A", 1, "Z", 4},
			routing.PlanWait, routing.Backordered, map[string][]lq{}, []lq{{"2", "Z", 4}}},
		{"nothing in stock", "allow: true", "thu",
			routing.StockMap{}, []any{"A", 1, "Z", 4},
			routing.PlanNone, routing.Backordered, map[string][]lq{},
			[]lq{{"1", "A", 1}, {"2", "Z", 4}}},
		// On Friday, dc-c has everything but ships on Monday; dc-a and dc-b
		// together ship today.
		{"split sooner than one late location", "allow: true", "fri",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"B": 1}, "dc-c": {"A": 1, "B": 1}},
			[]any{"A", 1, "B", 1}, routing.PlanSplitSooner, routing.Allocated,
			map[string][]lq{"dc-a": {{"1", "A", 1}}, "dc-b": {{"2", "B", 1}}}, nil},
		{"one late location within the wait allowed", "allow: true\n  max_wait_days: 3",
			"fri",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"B": 1}, "dc-c": {"A": 1, "B": 1}},
			[]any{"A", 1, "B", 1}, routing.PlanWhole, routing.Allocated,
			map[string][]lq{"dc-c": {{"1", "A", 1}, {"2", "B", 1}}}, nil},
		{"one late location, no split allowed", "allow: false", "fri",
			routing.StockMap{"dc-a": {"A": 1}, "dc-b": {"B": 1}, "dc-c": {"A": 1, "B": 1}},
			[]any{"A", 1, "B", 1}, routing.PlanWhole, routing.Allocated,
			map[string][]lq{"dc-c": {{"1", "A", 1}, {"2", "B", 1}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEngine(t, replace(t, three, "SPLIT", tt.split))
			now := thursday
			if tt.now == "fri" {
				now = friday
			}
			o := newOrder("NL", order.MethodStandard, now, tt.lines...)
			d := e.Decide(routing.Request{Order: o, Now: now, Stock: tt.stock})
			parts := map[string][]lq{}
			for _, p := range d.Parts {
				parts[p.Location] = p.Lines
			}
			if d.Explanation.Plan != tt.plan || d.Outcome != tt.outcome {
				t.Errorf("plan %s, outcome %s; want %s, %s", d.Explanation.Plan, d.Outcome,
					tt.plan, tt.outcome)
			}
			if diff := cmp.Diff(tt.parts, parts); diff != "" {
				t.Errorf("parts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.backordered, d.Backordered, cmpEmpty); diff != "" {
				t.Errorf("backordered (-want +got):\n%s", diff)
			}
			if t.Failed() {
				t.Log(d.Explain())
			}
		})
	}
}

// cmpEmpty takes an empty list for none.
var cmpEmpty = cmp.Comparer(func(a, b []lq) bool {
	return len(a) == 0 && len(b) == 0 || cmp.Equal(a, b)
})

// TestSplitShipBy checks that a split order's deadline and ETA are those
// of its latest part.
func TestSplitShipBy(t *testing.T) {
	// Wednesday 16:30: dc-c, which alone has B, has passed its 16:00
	// cut-off and ships on Thursday; dc-a ships A today.
	now := at(amsterdam, "2026-03-25 16:30")
	src := replace(t, three, "cutoffs: [{days: [mon-thu], at: \"17:00\"}]",
		"cutoffs: [{days: [mon-thu], at: \"16:00\"}]")
	e := newEngine(t, replace(t, src, "SPLIT", "allow: true"))
	o := newOrder("NL", order.MethodStandard, now, "A", 1, "B", 1)
	d := e.Decide(routing.Request{Order: o, Now: now,
		Stock: routing.StockMap{"dc-a": {"A": 1}, "dc-c": {"B": 1}}})
	if len(d.Parts) != 2 {
		t.Fatalf("parts %v, want two\n%s", locations(d), d.Explain())
	}
	if want := at(amsterdam, "2026-03-26 16:00"); !d.ShipBy.Equal(want) {
		t.Errorf("ship by %v, want %v", d.ShipBy, want)
	}
	if want := day(amsterdam, "2026-03-27"); !d.ETA.Equal(want) {
		t.Errorf("ETA %v, want %v", d.ETA, want)
	}
}
