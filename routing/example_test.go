package routing_test

import (
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/routing"
	"github.com/ordo-oms/ordo/rules"
)

// An order placed after one depot's cut-off goes to the depot that can
// still ship it today, when the rules weigh a day's delay above the
// difference in cost.
func ExampleEngine_Decide() {
	set, err := rules.Parse([]byte(`currency: EUR
locations:
  - {id: dc-utrecht, country: NL, time_zone: Europe/Amsterdam, serves: [NL],
     methods: [standard], carriers: [postnl], cutoffs: [{days: [mon-fri], at: "17:00"}]}
  - {id: dc-antwerp, country: BE, time_zone: Europe/Brussels, serves: [NL],
     methods: [standard], carriers: [postnl], cutoffs: [{days: [mon-fri], at: "18:00"}],
     handling_cost: 1.50}
carriers:
  - id: postnl
    zones: [{to: [NL], transit: {standard: 1}, rates: [{up_to_g: 30000, cost: 4.95}]}]
scoring:
  ship_delay: 10
  cost: 1
`), "rules.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	e := routing.New(set)
	o := ordertest.Sample(1)
	stock := routing.StockMap{
		"dc-utrecht": {"TEE-BLK-M": 10, "CAP-RED": 10},
		"dc-antwerp": {"TEE-BLK-M": 10, "CAP-RED": 10},
	}
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	for _, now := range []time.Time{
		time.Date(2026, 3, 27, 16, 59, 0, 0, ams),
		time.Date(2026, 3, 27, 17, 1, 0, 0, ams),
	} {
		d := e.Decide(routing.Request{Order: &o, Now: now, Stock: stock})
		p := d.Parts[0]
		fmt.Printf("%s: %s, leaves %s\n", now.Format("15:04"), p.Location,
			p.ShipBy.Format("Mon 15:04 MST"))
	}
	// Output:
	// 16:59: dc-utrecht, leaves Fri 17:00 CET
	// 17:01: dc-antwerp, leaves Fri 18:00 CET
}
