package routing_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/routing"
	"github.com/ordo-oms/ordo/rules"
)

// BenchmarkDecide routes a 5-line order against 50 candidate rules of
// every kind and 20 locations, with two score rules, and reports the time
// and allocations of one decision. The goal is at most 20 µs, 50,000
// decisions a second, on one core:
//
//	go test -run '^$' -bench Decide -cpu 1 ./routing
func BenchmarkDecide(b *testing.B) {
	set, err := rules.Parse([]byte(benchRules()), "bench.yaml")
	if err != nil {
		b.Fatal(err)
	}
	if n := len(set.Candidates()); n != 50 {
		b.Fatalf("%d rules, want 50", n)
	}
	e := routing.New(set)
	o := benchOrder()
	req := routing.Request{Order: &o, Now: time.Date(2026, 3, 25, 14, 0, 0, 0, time.UTC),
		Stock: benchStock(), Load: map[string]int{"dc-00": 120, "dc-01": 80}}
	if d := e.Decide(req); d.Outcome != routing.Allocated {
		b.Fatalf("outcome %s, want allocated:\n%s", d.Outcome, d.Explain())
	}
	b.ReportAllocs()
	for b.Loop() {
		e.Decide(req)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "µs/op")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}

// benchLocations are 20 locations in four countries, every fourth a
// store.
func benchLocations() string {
	var b strings.Builder
	countries := []string{"NL", "BE", "DE", "FR"}
	zones := map[string]string{"NL": "Europe/Amsterdam", "BE": "Europe/Brussels",
		"DE": "Europe/Berlin", "FR": "Europe/Paris"}
	for i := range 20 {
		c := countries[i%4]
		kind, tags := "warehouse", "[hazmat, secure]"
		if i%4 == 3 {
			kind, tags = "store", "[]"
		}
		if i%3 == 0 {
			tags = "[bulky]"
		}
		fmt.Fprintf(&b, `  - id: dc-%02d
    kind: %s
    country: %s
    time_zone: %s
    serves: [NL, BE, DE, FR, LU]
    methods: [standard, express, next_day]
    carriers: [postnl, dhl, dpd]
    tags: %s
    cutoffs:
      - {days: [mon-fri], at: "%d:00"}
    calendars: [public]
    handling_cost: 1.%02d
    unit_cost: 0.%02d
    capacity: %d
`, i, kind, c, zones[c], tags, 15+i%4, i, i, 1000+100*i)
	}
	return b.String()
}

// benchCandidates are 50 rules of every kind: on the order, on the line's
// product, on the line and the order, with lists of locations, and with
// requirements that depend on the order.
func benchCandidates() string {
	var b strings.Builder
	rule := func(name, when, require string) {
		fmt.Fprintf(&b, "  - name: %s\n    when: '%s'\n    %s\n", name, when, require)
	}
	for i := range 10 {
		rule(fmt.Sprintf("channel %d", i), fmt.Sprintf(`order.channel == "ch-%d"`, i),
			fmt.Sprintf("never: [dc-%02d]", i))
	}
	tags := []string{"hazardous", "oversize", "fragile", "cold", "store_only"}
	for i := range 15 {
		rule(fmt.Sprintf("product %d", i), fmt.Sprintf(`"%s" in line.tags`, tags[i%5])+
			fmt.Sprintf(" && line.unit_weight_g > %d", i*10),
			fmt.Sprintf(`require: '"hazmat" in location.tags || location.id == "dc-%02d"'`, i))
	}
	for i := range 10 {
		rule(fmt.Sprintf("line %d", i),
			fmt.Sprintf(`order.country == "%s" && line.qty > %d`, []string{"BE", "NL"}[i%2], 5+i),
			`require: 'location.kind != "store"'`)
	}
	for i := range 10 {
		rule(fmt.Sprintf("order %d", i),
			fmt.Sprintf(`order.total > %d && "b2b-%d" in order.tags`, 100*i, i),
			`require: '"secure" in location.tags'`)
	}
	for i := range 5 {
		rule(fmt.Sprintf("same country %d", i),
			fmt.Sprintf(`order.method == "same_day" && order.units > %d`, i),
			"require: 'location.country == order.country'")
	}
	return b.String()
}

func benchRules() string {
	return `currency: EUR
products:
  - {sku: "HAZ-*", tags: [hazardous], weight_g: 800}
  - {sku: "SOFA-*", tags: [oversize], weight_g: 30000}
  - {sku: "GLASS-*", tags: [fragile], weight_g: 400}
  - {sku: "*", weight_g: 300}
calendars:
  - id: public
    holidays: [2026-01-01, 2026-04-06, 2026-12-25]
locations:
` + benchLocations() + `carriers:
  - id: postnl
    zones:
      - {name: home, to: [NL], transit: {standard: 1, express: 1, next_day: 1},
         rates: [{up_to_g: 2000, cost: 4.95}, {up_to_g: 31500, cost: 13.50}]}
      - {name: near, to: [BE, LU, DE, FR], transit: {standard: 2, express: 1},
         rates: [{up_to_g: 2000, cost: 8.50}, {up_to_g: 31500, cost: 16.00}]}
  - id: dhl
    zones:
      - {name: europe, to: [NL, BE, LU, DE, FR], transit: {standard: 2, express: 1},
         rates: [{up_to_g: 5000, cost: 7.50}, {up_to_g: 31500, cost: 16.00}]}
  - id: dpd
    zones:
      - {name: europe, to: [NL, BE, LU, DE, FR], transit: {standard: 2},
         rates: [{up_to_g: 5000, cost: 6.90}, {up_to_g: 31500, cost: 15.00}]}
candidates:
` + benchCandidates() + `scoring:
  ship_delay: 10
  cost: 1
  margin: 1
  zone: 2
  stock_depth: 0.05
  load: 0.1
  rules:
    - name: stores last
      points: 'location.kind == "store" ? 5 : 0'
    - name: express from home
      when: order.method == "express"
      points: 'location.country == "NL" ? 0 : 3'
split:
  allow: order.total >= 25
  max_parts: 2
priority:
  order: [deadline, vip]
  vip: '"vip" in order.tags'
`
}

func benchOrder() order.Order {
	at := time.Date(2026, 3, 25, 13, 0, 0, 0, time.UTC)
	return order.Order{OMSOrderID: "o-bench", ChannelID: "shop-nl", OrderID: "5001",
		PlacedAt: at, UpdatedAt: at, Currency: "EUR",
		Lines: []order.Line{
			{LineID: "1", SKU: "TEE-1", Quantity: 2, UnitPrice: 1995},
			{LineID: "2", SKU: "HAZ-2", Quantity: 1, UnitPrice: 899},
			{LineID: "3", SKU: "GLASS-3", Quantity: 3, UnitPrice: 1250},
			{LineID: "4", SKU: "CAP-4", Quantity: 1, UnitPrice: 1500},
			{LineID: "5", SKU: "SOCK-5", Quantity: 6, UnitPrice: 495},
		},
		Delivery: order.Delivery{Country: "NL", Method: order.MethodStandard,
			Carrier: order.CarrierAny, Priority: order.PriorityNormal},
		Payment: order.PaymentPaid, Tags: []string{"b2b-3", "newsletter"},
		Totals: order.Totals{Shipping: 495, Total: 12754},
		Customer: order.Customer{Shipping: order.Address{Postcode: "1012 LG",
			City: "Amsterdam", Country: "NL"}},
	}
}

// benchStock has every SKU of the bench order at most locations.
func benchStock() routing.StockMap {
	m := routing.StockMap{}
	for i := range 20 {
		m[fmt.Sprintf("dc-%02d", i)] = map[string]int64{"TEE-1": int64(10 + i),
			"HAZ-2": int64(i % 3), "GLASS-3": 50, "CAP-4": 7, "SOCK-5": int64(20 * i)}
	}
	return m
}
