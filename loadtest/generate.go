package loadtest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"
)

// Order is one generated order.
type Order struct {
	// ID is the Shopify order ID, the "id" of the payload.
	ID int64
	// Body is the orders/create webhook payload, JSON.
	Body []byte
	// PlacedAt is when the customer placed the order, its created_at.
	PlacedAt time.Time
	// FinancialStatus is "paid", "pending" or "authorized".
	FinancialStatus string
	// Problem is empty for an order Ordo can accept, or names what makes it
	// go on hold: "unknown_currency", "bad_quantity" or "no_lines".
	Problem string
}

// Generator makes realistic Shopify orders. The orders follow from the
// seed alone: two Generators made with the same seed and fields make the
// same orders. A Generator is not safe for concurrent use.
//
// Set the exported fields, if at all, before the first call to Next.
type Generator struct {
	// Problems is the fraction of orders that are valid JSON but unusable,
	// so that Ordo puts them on hold. NewGenerator sets it to 0.02.
	Problems float64
	// Start is when the first order is placed; the next ones follow about
	// ten seconds apart. NewGenerator sets it to a fixed time.
	Start time.Time
	// RunID fills the high 41 bits of every order ID, so that orders of
	// runs with different RunIDs never share an ID. NewGenerator derives it
	// from the seed; give each run its own with NewRunID.
	RunID int64
	// Returning is the fraction of orders placed by the customer of one of
	// the few orders before, to the same address by the same method, as
	// customers who order again soon do. NewGenerator sets it to 0.
	Returning float64

	shop   string
	rng    *rand.Rand
	perm   permutation
	n      int
	recent []draft // the latest orders, whose customers may order again
}

// orderGap is the average time between two orders' created_at.
const orderGap = 10 * time.Second

// NewGenerator returns a Generator for the shop at shopDomain, such as
// "example-nl.myshopify.com", whose orders follow from seed.
func NewGenerator(seed int64, shopDomain string) *Generator {
	return &Generator{
		Problems: 0.02,
		Start:    time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC),
		RunID:    int64(splitmix(uint64(seed)^0x6f72646f) & runMask),
		shop:     shopDomain,
		rng:      rand.New(rand.NewPCG(uint64(seed), 0x6c6f6164)),
		perm:     newPermutation(seed),
	}
}

// Next returns a new order.
func (g *Generator) Next() Order {
	n := g.n
	g.n++
	d := g.draft(n)
	if g.rng.Float64() < g.Problems {
		g.spoil(&d)
	}
	d.price()
	body, err := json.Marshal(d.payload())
	if err != nil {
		// The payload holds only strings, integers and finite floats.
		panic(fmt.Sprintf("loadtest: generate: %v", err))
	}
	return Order{ID: d.id, Body: body, PlacedAt: d.placed,
		FinancialStatus: d.status, Problem: d.problem}
}

// Produced reports whether id is the ID of an order that Next has returned.
func (g *Generator) Produced(id int64) bool {
	if id < 0 || id>>seqBits != g.RunID&runMask {
		return false
	}
	return g.perm.invert(uint64(id)&seqMask) < uint64(min(g.n, MaxOrders))
}

// Update returns o as Shopify sends it once the payment is captured, in an
// orders/updated or orders/paid webhook: financial_status "paid" and
// updated_at at, or one second after the previous updated_at if at is not
// later. A Body that is not a JSON object is returned unchanged.
func (g *Generator) Update(o Order, at time.Time) Order {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(o.Body, &fields); err != nil {
		return o
	}
	at = at.Truncate(time.Second)
	var prev string
	if json.Unmarshal(fields["updated_at"], &prev) == nil {
		if t, err := time.Parse(shopTimeFormat, prev); err == nil && !at.After(t) {
			at = t.Add(time.Second)
		}
	}
	fields["financial_status"] = json.RawMessage(`"paid"`)
	fields["updated_at"] = json.RawMessage(`"` + shopTime(at).Format(shopTimeFormat) + `"`)
	body, err := json.Marshal(fields)
	if err != nil {
		return o
	}
	o.Body, o.FinancialStatus = body, "paid"
	return o
}

// orderID returns the ID of the n-th order.
func (g *Generator) orderID(n int) int64 {
	return (g.RunID&runMask)<<seqBits | int64(g.perm.apply(uint64(n)))
}
