package routing_test

import (
	"testing"
	"time"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/routing"
)

// TestHoldUntil checks how long a fulfilment order may wait for others to
// join it: the window, ended early by the cut-off less the margin, never
// before now.
func TestHoldUntil(t *testing.T) {
	bundled := replace(t, three, "split:\n  SPLIT\n",
		"bundling:\n  enabled: true\n  window: 15m\n  cutoff_margin: 10m\n")
	part := routing.Part{Location: "dc-a", ShipBy: at(amsterdam, "2026-03-25 17:00")}
	tests := []struct {
		name string
		src  string
		part routing.Part
		now  time.Time
		want time.Time
	}{
		{"the whole window", bundled, part, at(amsterdam, "2026-03-25 12:00"),
			at(amsterdam, "2026-03-25 12:15")},
		{"window ends at the margin", bundled, part, at(amsterdam, "2026-03-25 16:35"),
			at(amsterdam, "2026-03-25 16:50")},
		{"ended early by the cut-off", bundled, part, at(amsterdam, "2026-03-25 16:40"),
			at(amsterdam, "2026-03-25 16:50")},
		{"within the margin: no hold", bundled, part, at(amsterdam, "2026-03-25 16:55"),
			at(amsterdam, "2026-03-25 16:55")},
		{"past the cut-off: no hold", bundled, part, at(amsterdam, "2026-03-25 17:30"),
			at(amsterdam, "2026-03-25 17:30")},
		{"no cut-off known", bundled, routing.Part{Location: "dc-a"},
			at(amsterdam, "2026-03-25 16:55"), at(amsterdam, "2026-03-25 17:10")},
		{"bundling off", replace(t, three, "split:\n  SPLIT\n", ""), part,
			at(amsterdam, "2026-03-25 12:00"), at(amsterdam, "2026-03-25 12:00")},
	}
	for _, tt := range tests {
		e := newEngine(t, tt.src)
		if got := e.HoldUntil(tt.part, tt.now); !got.Equal(tt.want) {
			t.Errorf("%s: HoldUntil = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestShippingCost checks the cost of a shipment the way bundling asks
// for it: rate plus handling, by carrier, zone and weight band.
func TestShippingCost(t *testing.T) {
	e := newEngine(t, replace(t, scored, "WEIGHTS", "cost: 1"))
	tests := []struct {
		location, carrier, country string
		method                     order.Method
		weight                     int64
		cost                       int64
		ok                         bool
	}{
		{"dc-nl", "postnl", "NL", order.MethodStandard, 2000, 600, true},
		{"dc-nl", "postnl", "NL", order.MethodStandard, 2001, 800, true},
		{"dc-nl", "dhl", "NL", order.MethodStandard, 5000, 700, true},
		{"dc-be", "bpost", "NL", order.MethodStandard, 100, 350, true},
		{"dc-nl", "postnl", "NL", order.MethodStandard, 10001, 0, false},
		{"dc-nl", "bpost", "NL", order.MethodStandard, 100, 0, false},
		{"dc-nl", "postnl", "BE", order.MethodStandard, 100, 0, false},
		{"dc-nl", "postnl", "NL", order.MethodExpress, 100, 0, false},
		{"dc-xx", "postnl", "NL", order.MethodStandard, 100, 0, false},
	}
	for _, tt := range tests {
		cost, ok := e.ShippingCost(tt.location, tt.carrier, tt.country, tt.method, tt.weight)
		if cost != tt.cost || ok != tt.ok {
			t.Errorf("ShippingCost(%s, %s, %s, %s, %d) = %d, %v; want %d, %v", tt.location,
				tt.carrier, tt.country, tt.method, tt.weight, cost, ok, tt.cost, tt.ok)
		}
	}
}

func TestWeight(t *testing.T) {
	e := newEngine(t, network)
	lines := []routing.LineQty{{LineID: "1", SKU: "HAZ-1", Quantity: 2},
		{LineID: "2", SKU: "GIFT-9", Quantity: 3}, {LineID: "3", SKU: "TEE", Quantity: 1}}
	if got := e.Weight(lines); got != 2*500+3*100+300 {
		t.Errorf("Weight = %d, want 1600", got)
	}
	if got := e.Weight(nil); got != 0 {
		t.Errorf("Weight(nil) = %d", got)
	}
}
