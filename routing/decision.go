package routing

import (
	"fmt"
	"time"
)

// Outcome is what a decision does with an order.
type Outcome string

// The outcomes.
const (
	// Allocated means every line ships, in one part or more.
	Allocated Outcome = "allocated"
	// Partial means some lines ship and the rest is backordered.
	Partial Outcome = "partial"
	// Backordered means nothing ships yet.
	Backordered Outcome = "backordered"
)

// Decision is where an order goes and why. It encodes to JSON with
// snake_case names, as it is stored and shown.
type Decision struct {
	// RulesVersion is the version of the rule set that decided.
	RulesVersion string `json:"rules_version"`
	// DecidedAt is the clock's time of the decision.
	DecidedAt time.Time `json:"decided_at"`
	// Outcome says whether the order ships whole, in part or not yet.
	Outcome Outcome `json:"outcome"`
	// Parts are the shipments, one per location.
	Parts []Part `json:"parts"`
	// Backordered are the lines, or parts of lines, that do not ship now.
	// With Outcome Backordered and a wait policy, these are the lines the
	// order waits for; the lines in stock are not allocated.
	Backordered []LineQty `json:"backordered"`
	// Unservable are the lines among Backordered that no location may
	// ship, whatever its stock: no location serves the destination, offers
	// the method, or passes the rules. Stock arriving will not help them.
	Unservable []LineQty `json:"unservable,omitempty"`
	// ShipBy is the promised ship-by time, the SLA deadline: the latest
	// part's. It is zero when nothing ships.
	ShipBy time.Time `json:"ship_by,omitzero"`
	// ETA is the latest part's delivery date. It is zero when nothing
	// ships.
	ETA time.Time `json:"eta,omitzero"`
	// Explanation records why, for a planner.
	Explanation Explanation `json:"explanation"`
}

// Part is one shipment of an order, from one location.
type Part struct {
	// Location is the id of the location it ships from.
	Location string `json:"location"`
	// Lines are the lines, or parts of lines, it ships.
	Lines []LineQty `json:"lines"`
	// Carrier is the carrier chosen.
	Carrier string `json:"carrier"`
	// ShipBy is the cut-off instant it leaves on.
	ShipBy time.Time `json:"ship_by"`
	// ETA is the date of delivery, as midnight in the location's zone: the
	// dispatch date plus the carrier's transit days, counted in its
	// working days. The carrier is taken to collect at the cut-off.
	ETA time.Time `json:"eta"`
	// ShippingCost is the carrier's rate plus the location's handling
	// cost, in minor units of the rule set's currency.
	ShippingCost int64 `json:"shipping_cost"`
	// WeightG is the weight of the part in grams.
	WeightG int64 `json:"weight_g"`
}

// LineQty is a quantity of one order line.
type LineQty struct {
	LineID   string `json:"line_id"`
	SKU      string `json:"sku"`
	Quantity int64  `json:"quantity"`
}

// Plan says how the engine arrived at the parts of a decision.
type Plan string

// The plans.
const (
	// PlanWhole ships the order whole from the best-scored location that
	// can ship all of it.
	PlanWhole Plan = "whole"
	// PlanSplit splits the order because no single location can ship all
	// of it.
	PlanSplit Plan = "split"
	// PlanSplitSooner splits the order because the best single location
	// dispatches more than the allowed days later than a split.
	PlanSplitSooner Plan = "split_sooner"
	// PlanPartial ships what can ship and backorders the rest.
	PlanPartial Plan = "partial"
	// PlanWait ships nothing, as some lines are not in stock and the
	// rules say to wait for them.
	PlanWait Plan = "wait"
	// PlanNone ships nothing, as nothing can ship.
	PlanNone Plan = "none"
)

// Explanation is why a decision went the way it did: the candidates, the
// rules that matched and the locations they excluded, and the scores.
// Explain writes it in words.
type Explanation struct {
	// Order summarises the order decided on.
	Order OrderSummary `json:"order"`
	// Currency is the currency of the costs.
	Currency string `json:"currency"`
	// Plan says how the parts were arrived at.
	Plan Plan `json:"plan"`
	// SplitAllowed reports whether the rules allowed this order to split.
	SplitAllowed bool `json:"split_allowed"`
	// Matched are the rules whose condition held, with the line for a rule
	// that applies line by line.
	Matched []Match `json:"matched"`
	// Candidates are all the locations, in the rule set's order.
	Candidates []Candidate `json:"candidates"`
	// Chosen are the scores of the parts, in the order of Decision.Parts.
	Chosen []Score `json:"chosen"`
	// Errors are rule expressions that failed on this order; a failed
	// condition counts as false.
	Errors []string `json:"errors,omitempty"`
}

// OrderSummary is what the explanation says of the order.
type OrderSummary struct {
	OMSOrderID string `json:"oms_order_id"`
	Channel    string `json:"channel"`
	OrderID    string `json:"order_id"`
	Country    string `json:"country"`
	Region     string `json:"region,omitempty"`
	Method     string `json:"method"`
	Carrier    string `json:"carrier"`
	Lines      int    `json:"lines"`
	Units      int64  `json:"units"`
	WeightG    int64  `json:"weight_g"`
}

// Match is a rule whose condition held for the order or one of its lines.
type Match struct {
	// Rule is the rule's name.
	Rule string `json:"rule"`
	// Kind is candidates or scoring, the section the rule is in.
	Kind string `json:"kind"`
	// Line is the line id for a rule that applies line by line.
	Line string `json:"line,omitempty"`
	// Excluded are the ids of the locations the rule excluded, for the
	// whole order or for Line.
	Excluded []string `json:"excluded,omitempty"`
}

// Candidate is what the decision found about one location.
type Candidate struct {
	// Location is the location's id.
	Location string `json:"location"`
	// Dispatch is its next dispatch at the time of the decision, for a
	// location not excluded for the whole order.
	Dispatch time.Time `json:"dispatch,omitzero"`
	// Excluded are the reasons it may not ship the order, or some lines,
	// other than rules; Explanation.Matched lists what each rule excluded.
	Excluded []Exclusion `json:"excluded,omitempty"`
	// Whole reports whether it could ship the whole order.
	Whole bool `json:"whole"`
	// Score is its score for the whole order, when Whole.
	Score *Score `json:"score,omitempty"`
	// Rank is its place among the locations that could ship the whole
	// order, from 1 for the best; 0 for the others.
	Rank int `json:"rank,omitempty"`
}

// Reason is why a location was excluded. It encodes as its name, such as
// "stock".
type Reason uint8

// The reasons.
const (
	// NoCountry: the location does not ship to the destination country.
	NoCountry Reason = iota + 1
	// NoRegion: it ships to the country, but not to the region.
	NoRegion
	// NoMethod: it does not offer the shipping method.
	NoMethod
	// NoCarrier: none of its carriers that the order may use delivers
	// there with the method.
	NoCarrier
	// TooHeavy: the shipment is heavier than every rate band of its
	// carriers.
	TooHeavy
	// NoStock: it has not got enough of a line.
	NoStock
)

var reasonNames = [...]string{NoCountry: "country", NoRegion: "region", NoMethod: "method",
	NoCarrier: "carrier", TooHeavy: "weight", NoStock: "stock"}

// String returns the reason's name.
func (r Reason) String() string {
	if int(r) < len(reasonNames) && reasonNames[r] != "" {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", r)
}

// MarshalText encodes the reason as its name.
func (r Reason) MarshalText() ([]byte, error) {
	if int(r) >= len(reasonNames) || reasonNames[r] == "" {
		return nil, fmt.Errorf("routing: no reason %d", r)
	}
	return []byte(reasonNames[r]), nil
}

// UnmarshalText decodes a reason from its name.
func (r *Reason) UnmarshalText(b []byte) error {
	for k, name := range reasonNames {
		if name != "" && name == string(b) {
			*r = Reason(k)
			return nil
		}
	}
	return fmt.Errorf("routing: unknown reason %q", b)
}

// Exclusion is one reason a location may not ship an order, or a line of
// it.
type Exclusion struct {
	Reason Reason `json:"reason"`
	// Line is the line id when only that line is excluded.
	Line string `json:"line,omitempty"`
	// SKU, Available and Needed describe a shortage, for NoStock.
	SKU       string `json:"sku,omitempty"`
	Available int64  `json:"available,omitempty"`
	Needed    int64  `json:"needed,omitempty"`
}

// Score is how a location scored for a shipment: the measure of each
// criterion and the points it gave.
type Score struct {
	// DelayDays is how many days after the earliest possible dispatch it
	// dispatches.
	DelayDays int `json:"delay_days"`
	// ShippingCost is the carrier's rate plus handling, in minor units.
	ShippingCost int64 `json:"shipping_cost"`
	// UnitCost is the location's unit cost times the units, in minor
	// units.
	UnitCost int64 `json:"unit_cost"`
	// Zone is the destination's zone as seen from the location.
	Zone int `json:"zone"`
	// StockDepth is the units left, after shipping, of the line it has
	// fewest of, up to rules.MaxStockDepth.
	StockDepth int64 `json:"stock_depth"`
	// LoadPercent is the share of its daily capacity in use with this
	// shipment, or 0 when it has no capacity set.
	LoadPercent float64 `json:"load_percent"`
	// Carrier is the carrier that would take the shipment.
	Carrier string `json:"carrier"`
	// Points are the points of each criterion.
	Points Points `json:"points"`
	// Total is the sum of the points; the lowest wins.
	Total float64 `json:"total"`
}

// Points are the points a shipment scored on each criterion.
type Points struct {
	ShipDelay  float64 `json:"ship_delay"`
	Cost       float64 `json:"cost"`
	Margin     float64 `json:"margin"`
	Zone       float64 `json:"zone"`
	StockDepth float64 `json:"stock_depth"`
	Load       float64 `json:"load"`
	Rules      float64 `json:"rules"`
}
