package rules_test

import (
	"errors"
	"fmt"

	"github.com/ordo-oms/ordo/rules"
)

// A rule set is checked as a whole when it is loaded: every problem is
// reported with its line and column, and a misspelt field in an
// expression is placed at the field itself.
func ExampleParse() {
	file := `currency: EUR
locations:
  - id: dc-utrecht
    country: NL
    time_zone: Europe/Amsterdam
    serves: [NL, BE]
    methods: [standard]
    carriers: [postnl]
    cutoffs:
      - {days: [mon-fri], at: "17:60"}
carriers:
  - id: postnl
    zones:
      - {to: [NL, BE], transit: {standard: 1}, rates: [{up_to_g: 2000, cost: 4.95}]}
candidates:
  - name: big Belgian lines not from stores
    when: order.country == "BE" && line.quantity > 5
    require: location.kind != "store"
    never: [dc-utrech]
`
	_, err := rules.Parse([]byte(file), "rules.yaml")
	var rerr *rules.Error
	if errors.As(err, &rerr) {
		for _, p := range rerr.Problems {
			fmt.Printf("%d:%d %s\n", p.Line, p.Column, p.Field)
		}
	}
	// Output:
	// 10:31 locations[0].cutoffs[0].at
	// 17:41 candidates[0].when
	// 19:13 candidates[0].never[0]
}

// A rule whose condition uses line applies line by line; one that uses
// only the line's product is worked out per product when the file loads.
func ExampleRule_PerLine() {
	file := `currency: EUR
products:
  - {sku: "HAZ-*", tags: [hazardous]}
locations:
  - id: dc-utrecht
    country: NL
    time_zone: Europe/Amsterdam
    serves: [NL]
    methods: [standard]
    carriers: [postnl]
    tags: [hazmat]
    cutoffs: [{days: [mon-fri], at: "17:00"}]
carriers:
  - id: postnl
    zones: [{to: [NL], transit: {standard: 1}, rates: [{up_to_g: 2000, cost: 4.95}]}]
candidates:
  - name: hazardous goods only from hazmat sites
    when: '"hazardous" in line.tags'
    require: '"hazmat" in location.tags'
`
	s, err := rules.Parse([]byte(file), "rules.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	r := s.Candidates()[0]
	fmt.Println(r.PerLine(), r.When.ProductOnly(), r.When.ForProduct(s.ProductIndex("HAZ-1")),
		r.Permits(0))
	// Output: true true true true
}
