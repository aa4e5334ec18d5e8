package rules

import (
	"reflect"
	"time"
)

// Env is what a rule expression sees: the order, the line in hand for a
// rule that applies line by line, and the location being weighed. Each name
// below, in snake_case, is what an expression writes, such as
// order.country or line.qty. Amounts are decimal numbers in the order's
// currency, such as 58.35, not minor units.
type Env struct {
	Order    OrderFacts    `expr:"order"`
	Line     LineFacts     `expr:"line"`
	Location LocationFacts `expr:"location"`
}

// OrderFacts are the facts of an order that rules may use.
type OrderFacts struct {
	// ID is Ordo's oms_order_id.
	ID string `expr:"id"`
	// Channel is the channel id from the configuration, such as shop-nl.
	Channel string `expr:"channel"`
	// Country is the destination country, an ISO 3166-1 alpha-2 code.
	Country string `expr:"country"`
	// Region is the shipping address's region or province code.
	Region string `expr:"region"`
	// Postcode is the shipping address's postcode.
	Postcode string `expr:"postcode"`
	// Method is the shipping method, such as standard or express.
	Method string `expr:"method"`
	// Carrier is the carrier asked for, or any.
	Carrier string `expr:"carrier"`
	// Priority is normal, high or urgent.
	Priority string `expr:"priority"`
	// Payment is the payment state, such as paid.
	Payment string `expr:"payment"`
	// Currency is the ISO 4217 code of the order's amounts.
	Currency string `expr:"currency"`
	// Total is the order total as a decimal number.
	Total float64 `expr:"total"`
	// Tags are the channel's labels of the order.
	Tags []string `expr:"tags"`
	// LineTags are the product tags of all the order's lines, each once.
	LineTags []string `expr:"line_tags"`
	// Lines are the lines to ship: bundle lines are left out, as their
	// components are shipped.
	Lines []LineFacts `expr:"lines"`
	// Units is the number of units in Lines.
	Units int64 `expr:"units"`
	// WeightG is the weight of Lines in grams.
	WeightG int64 `expr:"weight_g"`
	// PlacedAt is when the order was placed.
	PlacedAt time.Time `expr:"placed_at"`
}

// LineFacts are the facts of an order line that rules may use.
type LineFacts struct {
	// ID is the channel's line id.
	ID string `expr:"id"`
	// SKU is the stock keeping unit.
	SKU string `expr:"sku"`
	// Variant is the channel's variant id.
	Variant string `expr:"variant"`
	// Kind is item, or component for a part of a bundle.
	Kind string `expr:"kind"`
	// Qty is the number of units.
	Qty int64 `expr:"qty"`
	// Tags are the tags of the line's product.
	Tags []string `expr:"tags"`
	// UnitWeightG is the weight of one unit in grams.
	UnitWeightG int64 `expr:"unit_weight_g"`
	// WeightG is the weight of the whole line in grams.
	WeightG int64 `expr:"weight_g"`
	// UnitPrice is the price of one unit as a decimal number.
	UnitPrice float64 `expr:"unit_price"`
}

// LocationFacts are the facts of a location that rules may use.
type LocationFacts struct {
	// ID is the location's id.
	ID string `expr:"id"`
	// Kind is warehouse, 3pl or store.
	Kind string `expr:"kind"`
	// Country is the country the location is in.
	Country string `expr:"country"`
	// Tags are the location's tags, such as hazmat.
	Tags []string `expr:"tags"`
	// Methods are the shipping methods the location offers.
	Methods []string `expr:"methods"`
	// Carriers are the carriers that collect at the location.
	Carriers []string `expr:"carriers"`
}

// productFields are the line facts that come from the product alone, so
// that an expression using nothing else can be decided per product when
// the rule set is loaded.
var productFields = map[string]bool{"tags": true, "unit_weight_g": true}

// exprNames returns the names an expression uses for the fields of the
// struct v.
func exprNames(v any) []string {
	var names []string
	for f := range reflect.TypeOf(v).Fields() {
		names = append(names, f.Tag.Get("expr"))
	}
	return names
}
