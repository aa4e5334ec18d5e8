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

// newEngine parses a rule set and returns an engine for it.
func newEngine(t testing.TB, src string) *routing.Engine {
	t.Helper()
	set, err := rules.Parse([]byte(src), "test.yaml")
	if err != nil {
		t.Fatalf("Parse:\n%v", err)
	}
	return routing.New(set)
}

// newOrder returns a paid EUR order to country with method and any
// carrier, with one line per SKU and quantity given, placed at placed.
func newOrder(country string, method order.Method, placed time.Time,
	lines ...any) *order.Order {
	o := &order.Order{OMSOrderID: "o-1", ChannelID: "shop-nl", OrderID: "1001",
		PlacedAt: placed, UpdatedAt: placed, Currency: "EUR",
		Delivery: order.Delivery{Country: country, Method: method,
			Carrier: order.CarrierAny, Priority: order.PriorityNormal},
		Payment:  order.PaymentPaid,
		Customer: order.Customer{Shipping: order.Address{Country: country}},
	}
	for i := 0; i+1 < len(lines); i += 2 {
		q := int64(lines[i+1].(int))
		o.Lines = append(o.Lines, order.Line{LineID: fmt.Sprint(i/2 + 1),
			SKU: lines[i].(string), Quantity: q, UnitPrice: 1000})
		o.Totals.Total += 1000 * q
	}
	return o
}

var amsterdam, brussels = mustZone("Europe/Amsterdam"), mustZone("Europe/Brussels")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

// at reads a local time written as 2006-01-02 15:04 in zone.
func at(zone *time.Location, s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, zone)
	if err != nil {
		panic(err)
	}
	return t
}

// day reads a date as midnight in zone.
func day(zone *time.Location, s string) time.Time {
	return at(zone, s+" 00:00")
}

// locations lists the part locations of a decision.
func locations(d routing.Decision) []string {
	var out []string
	for _, p := range d.Parts {
		out = append(out, p.Location)
	}
	return out
}

// candidate returns the explanation's candidate for location id.
func candidate(t testing.TB, d routing.Decision, id string) routing.Candidate {
	t.Helper()
	for _, c := range d.Explanation.Candidates {
		if c.Location == id {
			return c
		}
	}
	t.Fatalf("no candidate %s", id)
	return routing.Candidate{}
}

// replace returns s with old replaced by new, failing when old is not in s.
func replace(t testing.TB, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("%q is not in the rule set", old)
	}
	return strings.Replace(s, old, new, 1)
}

// untimed returns parts without their times, which other tests check.
func untimed(parts []routing.Part) []routing.Part {
	out := make([]routing.Part, len(parts))
	for i, p := range parts {
		p.ShipBy, p.ETA = time.Time{}, time.Time{}
		out[i] = p
	}
	return out
}
