package routing_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/routing"
)

// network has four locations that differ in what they serve and offer,
// and a rule of each kind.
const network = `currency: EUR
products:
  - {sku: "HAZ-*", tags: [hazardous], weight_g: 500}
  - {sku: "GIFT-*", tags: [store_only], weight_g: 100}
  - {sku: "*", weight_g: 300}
locations:
  - id: dc-nl
    country: NL
    time_zone: Europe/Amsterdam
    serves: [NL, BE]
    methods: [standard, express]
    carriers: [postnl, dhl]
    tags: [hazmat]
    cutoffs: [{days: [mon-fri], at: "17:00"}]
  - id: dc-be
    country: BE
    time_zone: Europe/Brussels
    serves: [BE, NL-ZE]
    methods: [standard]
    carriers: [bpost]
    cutoffs: [{days: [mon-fri], at: "17:00"}]
  - id: store-ams
    kind: store
    country: NL
    time_zone: Europe/Amsterdam
    serves: [NL]
    methods: [standard, same_day]
    carriers: [postnl]
    cutoffs: [{days: [mon-sat], at: "15:00"}]
  - id: dc-de
    country: DE
    time_zone: Europe/Berlin
    serves: [DE, NL]
    methods: [standard, same_day]
    carriers: [dhl]
    cutoffs: [{days: [mon-fri], at: "17:00"}]
carriers:
  - id: postnl
    zones: [{to: [NL, BE], transit: {standard: 1, express: 1, same_day: 0},
             rates: [{up_to_g: 20000, cost: 5.00}]}]
  - id: dhl
    zones: [{to: [NL, BE, DE], transit: {standard: 2, same_day: 0},
             rates: [{up_to_g: 20000, cost: 7.00}]}]
  - id: bpost
    zones: [{to: [BE, NL], transit: {standard: 1}, rates: [{up_to_g: 20000, cost: 4.00}]}]
candidates:
  - name: hazardous goods only from hazmat sites
    when: '"hazardous" in line.tags'
    require: '"hazmat" in location.tags'
  - name: store-only gifts from the store
    when: '"store_only" in line.tags'
    only: [store-ams]
  - name: big lines not from stores
    when: line.qty > 5
    require: location.kind != "store"
  - name: bol.com not from stores
    when: order.channel == "bol-nl"
    never: [store-ams]
  - name: same day from the destination country
    when: order.method == "same_day"
    require: location.country == order.country
scoring:
  cost: 1
split:
  allow: true
  max_parts: 3
`

var stockAll = routing.StockMap{
	"dc-nl":     {"TEE": 50, "HAZ-1": 50, "CAP": 50},
	"dc-be":     {"TEE": 50, "HAZ-1": 50, "CAP": 50},
	"store-ams": {"TEE": 50, "HAZ-1": 50, "CAP": 50, "GIFT-1": 3},
	"dc-de":     {"TEE": 50, "HAZ-1": 50, "CAP": 50},
}

// TestCandidates checks each reason a location may not ship an order.
func TestCandidates(t *testing.T) {
	e := newEngine(t, network)
	now := at(amsterdam, "2026-03-25 10:00")
	// To Zeeland, the region of NL that dc-be serves.
	zeeland := func(m order.Method, lines ...any) *order.Order {
		o := newOrder("NL", m, now, lines...)
		o.Customer.Shipping.Region = "ZE"
		return o
	}
	tests := []struct {
		name  string
		order func() *order.Order
		// Want, per location, the exclusions other than rules and the rules
		// that excluded it, as "reason" or "rule name" or "rule name/line".
		want  map[string][]string
		parts []string
	}{
		{"country", func() *order.Order {
			return newOrder("DE", order.MethodStandard, now, "TEE", 1)
		}, map[string][]string{"dc-nl": {"country"}, "dc-be": {"country"},
			"store-ams": {"country"}}, []string{"dc-de"}},
		{"region", func() *order.Order {
			o := zeeland(order.MethodStandard, "TEE", 1)
			o.Customer.Shipping.Region = "NH"
			return o
		}, map[string][]string{"dc-be": {"region"}}, []string{"store-ams"}},
		{"region served", func() *order.Order {
			return zeeland(order.MethodStandard, "TEE", 1)
		}, map[string][]string{}, []string{"dc-be"}},
		{"method", func() *order.Order {
			return zeeland(order.MethodExpress, "TEE", 1)
		}, map[string][]string{"dc-be": {"method"}, "store-ams": {"method"},
			"dc-de": {"method"}}, []string{"dc-nl"}},
		{"carrier asked for", func() *order.Order {
			o := zeeland(order.MethodStandard, "TEE", 1)
			o.Delivery.Carrier = order.CarrierDHL
			return o
		}, map[string][]string{"dc-be": {"carrier"}, "store-ams": {"carrier"}},
			[]string{"dc-nl"}},
		{"carrier that does not deliver the method", func() *order.Order {
			return zeeland(order.MethodSameDay, "TEE", 1)
		}, map[string][]string{"dc-nl": {"method"}, "dc-be": {"method"},
			"dc-de": {"same day from the destination country"}}, []string{"store-ams"}},
		{"hazardous line", func() *order.Order {
			return zeeland(order.MethodStandard, "TEE", 1, "HAZ-1", 1)
		}, map[string][]string{
			"dc-be":     {"hazardous goods only from hazmat sites/2"},
			"store-ams": {"hazardous goods only from hazmat sites/2"},
			"dc-de":     {"hazardous goods only from hazmat sites/2"}},
			[]string{"dc-nl"}},
		{"big line", func() *order.Order {
			return zeeland(order.MethodStandard, "TEE", 6)
		}, map[string][]string{"store-ams": {"big lines not from stores/1"}},
			[]string{"dc-be"}},
		{"only", func() *order.Order {
			return zeeland(order.MethodStandard, "GIFT-1", 1)
		}, map[string][]string{
			"dc-nl": {"store-only gifts from the store/1"},
			"dc-be": {"store-only gifts from the store/1"},
			"dc-de": {"store-only gifts from the store/1"}},
			[]string{"store-ams"}},
		{"never", func() *order.Order {
			o := zeeland(order.MethodStandard, "GIFT-1", 1)
			o.ChannelID = "bol-nl"
			return o
		}, map[string][]string{
			"dc-nl":     {"store-only gifts from the store/1"},
			"dc-be":     {"store-only gifts from the store/1"},
			"store-ams": {"bol.com not from stores"},
			"dc-de":     {"store-only gifts from the store/1"}},
			nil},
		{"stock", func() *order.Order {
			return zeeland(order.MethodStandard, "GIFT-1", 4)
		}, map[string][]string{
			"dc-nl":     {"store-only gifts from the store/1"},
			"dc-be":     {"store-only gifts from the store/1"},
			"store-ams": {"stock"},
			"dc-de":     {"store-only gifts from the store/1"}},
			[]string{"store-ams"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := e.Decide(routing.Request{Order: tt.order(), Now: now, Stock: stockAll})
			got := map[string][]string{}
			for _, c := range d.Explanation.Candidates {
				for _, x := range c.Excluded {
					got[c.Location] = append(got[c.Location], x.Reason.String())
				}
			}
			for _, m := range d.Explanation.Matched {
				for _, id := range m.Excluded {
					r := m.Rule
					if m.Line != "" {
						r += "/" + m.Line
					}
					got[id] = append(got[id], r)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("exclusions (-want +got):\n%s\n%s", diff, d.Explain())
			}
			if diff := cmp.Diff(tt.parts, locations(d)); diff != "" {
				t.Errorf("parts (-want +got):\n%s\n%s", diff, d.Explain())
			}
		})
	}
}

// TestLineRuleSplits checks that a rule that applies line by line excludes
// a location for that line only, so that the order splits around it.
func TestLineRuleSplits(t *testing.T) {
	e := newEngine(t, network)
	now := at(amsterdam, "2026-03-25 10:00")
	stock := routing.StockMap{"dc-nl": {"HAZ-1": 5}, "dc-be": {"TEE": 5, "HAZ-1": 5}}
	o := newOrder("BE", order.MethodStandard, now, "TEE", 1, "HAZ-1", 1)
	d := e.Decide(routing.Request{Order: o, Now: now, Stock: stock})
	// Each part takes one unit; the cheaper location goes first.
	want := []routing.Part{
		{Location: "dc-be", Lines: []routing.LineQty{{LineID: "1", SKU: "TEE", Quantity: 1}},
			Carrier: "bpost", ShippingCost: 400, WeightG: 300},
		{Location: "dc-nl", Lines: []routing.LineQty{{LineID: "2", SKU: "HAZ-1", Quantity: 1}},
			Carrier: "postnl", ShippingCost: 500, WeightG: 500},
	}
	if diff := cmp.Diff(want, untimed(d.Parts)); diff != "" {
		t.Errorf("parts (-want +got):\n%s\n%s", diff, d.Explain())
	}
	if d.Outcome != routing.Allocated || d.Explanation.Plan != routing.PlanSplit {
		t.Errorf("outcome %s, plan %s; want allocated, split", d.Outcome, d.Explanation.Plan)
	}
	if c := candidate(t, d, "dc-be"); c.Whole || c.Dispatch.IsZero() {
		t.Errorf("dc-be, excluded for one line, reads as %+v", c)
	}
}

// TestMatched checks that the explanation lists the rules that matched,
// even those that excluded nothing, and no others.
func TestMatched(t *testing.T) {
	e := newEngine(t, network)
	now := at(amsterdam, "2026-03-25 10:00")
	o := newOrder("NL", order.MethodStandard, now, "HAZ-1", 1, "TEE", 7)
	o.ChannelID = "bol-nl"
	d := e.Decide(routing.Request{Order: o, Now: now, Stock: stockAll})
	var got []string
	for _, m := range d.Explanation.Matched {
		got = append(got, m.Rule+"/"+m.Line)
	}
	want := []string{"bol.com not from stores/", "hazardous goods only from hazmat sites/1",
		"big lines not from stores/2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("matched (-want +got):\n%s", diff)
	}
	// The store is excluded for the whole order before the line rules run.
	for _, m := range d.Explanation.Matched[1:] {
		if slices.Contains(m.Excluded, "store-ams") {
			t.Errorf("rule %q lists store-ams, which was excluded already", m.Rule)
		}
	}
}

// TestFailingRule checks that a condition failing on an order counts as
// false and is recorded in the explanation.
func TestFailingRule(t *testing.T) {
	e := newEngine(t, replace(t, network, "scoring:", `  - name: first tag
    when: order.tags[0] == "vip"
    never: [dc-nl]
scoring:`))
	now := at(amsterdam, "2026-03-25 10:00")
	o := newOrder("NL", order.MethodExpress, now, "TEE", 1)
	d := e.Decide(routing.Request{Order: o, Now: now, Stock: stockAll})
	if got := locations(d); len(got) != 1 || got[0] != "dc-nl" {
		t.Errorf("parts %v, want dc-nl", got)
	}
	want := []string{`rule first tag: order.tags[0] == "vip": ` +
		`index out of range: 0 (array length is 0) at column 11`}
	if diff := cmp.Diff(want, d.Explanation.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	o.Tags = []string{"vip"}
	d = e.Decide(routing.Request{Order: o, Now: now, Stock: stockAll})
	if len(d.Parts) != 0 || len(d.Explanation.Errors) != 0 {
		t.Errorf("with a tag: parts %v, errors %v; want none", locations(d),
			d.Explanation.Errors)
	}
}

// TestUnservable checks that lines no location may ship, whatever its
// stock, are told apart from lines that wait for stock.
func TestUnservable(t *testing.T) {
	e := newEngine(t, network)
	now := at(amsterdam, "2026-03-25 10:00")
	tests := []struct {
		name  string
		order *order.Order
		stock routing.StockMap
		want  []string // SKUs unservable
	}{
		{"no location serves the country", newOrder("FR", order.MethodStandard, now,
			"TEE", 1, "CAP", 1), stockAll, []string{"TEE", "CAP"}},
		{"out of stock everywhere", newOrder("NL", order.MethodStandard, now, "TEE", 1),
			routing.StockMap{}, nil},
		{"a store-only gift by a method the store does not offer", newOrder("NL",
			order.MethodExpress, now, "GIFT-1", 1, "TEE", 1), stockAll, []string{"GIFT-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := e.Decide(routing.Request{Order: tt.order, Now: now, Stock: tt.stock})
			var got []string
			for _, l := range d.Unservable {
				got = append(got, l.SKU)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("unservable %v; want %v (decision %+v)", got, tt.want, d)
			}
		})
	}
}
