package routing

import (
	"time"

	"github.com/ordo-oms/ordo/order"
)

// Request is one order to route and what the engine may know.
type Request struct {
	// Order holds the order's facts, and Customer.Shipping for the region
	// and postcode.
	Order *order.Order
	// Now is the time of the decision, from the injected clock.
	Now time.Time
	// Stock answers the units available to promise.
	Stock Stock
	// Load is the number of shipments already planned today per location
	// id, for the load criterion.
	Load map[string]int
}

// Stock answers the units of a SKU available to promise at a location. The
// integrator implements it over the database; tests use a StockMap.
type Stock interface {
	Available(location, sku string) int64
}

// StockMap is stock in memory: units by location id, then by SKU.
type StockMap map[string]map[string]int64

var _ Stock = StockMap(nil)

// Available returns the units of sku at location, 0 when none are listed.
func (m StockMap) Available(location, sku string) int64 { return m[location][sku] }
