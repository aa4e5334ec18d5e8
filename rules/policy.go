package rules

import "time"

// Scoring weighs the candidate locations of an order. Each criterion gives
// a location points, its weight times the criterion's measure; the
// location with the fewest points in all wins. A weight of 0 leaves a
// criterion out.
type Scoring struct {
	// ShipDelay is the weight per day a location dispatches later than
	// the earliest location able to ship any of the order.
	ShipDelay float64
	// Cost is the weight per currency unit of shipping cost: the
	// carrier's rate plus the location's handling cost.
	Cost float64
	// Margin is the weight per currency unit of the location's unit cost
	// times the units shipped.
	Margin float64
	// Zone is the weight per zone between the location and the
	// destination.
	Zone float64
	// StockDepth is the weight, taken off, per unit of stock the location
	// keeps of the line it has fewest of after shipping, up to
	// MaxStockDepth units.
	StockDepth float64
	// Load is the weight per percent of the location's daily capacity in
	// use with this shipment.
	Load float64
	// Rules add points of their own.
	Rules []ScoreRule
}

// MaxStockDepth caps the units the stock depth criterion counts, so that
// one deep location does not win every order for its depth alone.
const MaxStockDepth = 100

// Backorder says what happens to an order when some of it is nowhere in
// stock.
type Backorder string

// The backorder policies.
const (
	// ShipPartial ships what is in stock and backorders the rest.
	ShipPartial Backorder = "ship_partial"
	// Wait ships nothing until everything can ship.
	Wait Backorder = "wait"
)

// Split says when an order may be shipped in parts from several
// locations.
type Split struct {
	// Allow is the condition on the order under which it may be split,
	// or nil when no order may be.
	Allow *Expr
	// MaxParts is the most locations one order ships from, at least 1.
	MaxParts int
	// MaxWaitDays is how many days later than a split the best single
	// location may dispatch and still ship the whole order alone.
	MaxWaitDays int
	// Backorder is what happens to the lines nowhere in stock.
	Backorder Backorder
}

// Criterion is one way of ranking pending orders when stock is short.
type Criterion string

// The priority criteria.
const (
	// ByDeadline puts the earliest ship-by deadline first.
	ByDeadline Criterion = "deadline"
	// ByVIP puts the orders that Priority.VIP holds for first.
	ByVIP Criterion = "vip"
	// ByUrgency puts urgent orders first, then high, then normal.
	ByUrgency Criterion = "urgency"
	// ByOldestBackorder puts the order backordered longest first.
	ByOldestBackorder Criterion = "oldest_backorder"
)

var criteria = []Criterion{ByDeadline, ByVIP, ByUrgency, ByOldestBackorder}

// Priority says which pending order gets short stock first.
type Priority struct {
	// Order lists the criteria, the first deciding unless it ties.
	Order []Criterion
	// VIP is the condition on the order that makes it a VIP's, or nil.
	VIP *Expr
}

// Bundling says whether and how long a fulfilment order may be held for
// other orders to the same customer to join it.
type Bundling struct {
	// Enabled turns holding on.
	Enabled bool
	// Window is the longest a fulfilment order is held.
	Window time.Duration
	// CutoffMargin is how long before its cut-off a hold must end.
	CutoffMargin time.Duration
}
