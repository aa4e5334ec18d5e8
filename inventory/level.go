// Package inventory keeps Ordo's stock: how many units of each SKU every
// location holds, in pools, how many of those are reserved for orders, and
// a ledger of every change. Warehouse and ERP feeds set the figures with
// snapshots and deltas; allocation reserves stock in the transaction that
// records the order's event, cancelling releases it and shipping consumes
// it. Every function takes a store.Querier, so that it joins the caller's
// transaction; the same SQL runs on SQLite and PostgreSQL.
package inventory

import (
	"fmt"
	"time"
)

// Pool is a separate stock of a SKU at a location. Only the sellable pool
// is promised to orders.
type Pool string

// The pools.
const (
	// PoolSellable is stock in saleable condition, promised to orders.
	PoolSellable Pool = "sellable"
	// PoolBGrade is returned stock graded for secondary sale.
	PoolBGrade Pool = "b_grade"
	// PoolQuarantine is stock held back from sale, pending inspection.
	PoolQuarantine Pool = "quarantine"
)

// Valid reports whether p is one of the pools.
func (p Pool) Valid() bool {
	return p == PoolSellable || p == PoolBGrade || p == PoolQuarantine
}

// Level is the stock of one SKU in one pool at one location.
type Level struct {
	Location string `json:"location"`
	SKU      string `json:"sku"`
	Pool     Pool   `json:"pool"`
	// OnHand is the number of units physically there.
	OnHand int64 `json:"on_hand"`
	// Reserved is the number of units held for orders not yet shipped.
	Reserved int64 `json:"reserved"`
	// Safety is the number of units never promised, as a buffer against
	// miscounts.
	Safety int64 `json:"safety"`
	// AsOf is the taken-at time of the newest snapshot applied, zero when
	// there has been none.
	AsOf time.Time `json:"as_of"`
	// UpdatedAt is when Ordo last changed the level.
	UpdatedAt time.Time `json:"updated_at"`
}

// Available returns the units that can still be promised: on hand less
// reserved and safety stock, never below 0. It is 0 outside the sellable
// pool, which alone is promised.
func (l Level) Available() int64 {
	if l.Pool != PoolSellable {
		return 0
	}
	return max(l.OnHand-l.Reserved-l.Safety, 0)
}

// key names a level.
type key struct {
	location, sku string
	pool          Pool
}

// String names the level for error messages.
func (k key) String() string { return fmt.Sprintf("%s %s at %s", k.pool, k.sku, k.location) }
