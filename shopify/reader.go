package shopify

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/ordo-oms/ordo/order"
)

// reader reads the values of one payload into Ordo's types: amounts in
// minor units of the order's currency, quantities and times. It keeps the
// first error and returns zero values after it, so that a mapping reads as
// a list of fields with one error check at the end. Every error wraps
// ErrMalformed and names the field at fault.
type reader struct {
	currency string
	err      error
}

// fail records the first error, about the field named where.
func (r *reader) fail(where string, err error) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s: %w", ErrMalformed, where, err)
	}
}

// amount returns n in minor units, or zero when n is absent.
func (r *reader) amount(where string, n number) int64 {
	if r.err != nil || n == "" {
		return 0
	}
	v, err := order.ParseAmount(string(n), r.currency)
	if err != nil {
		r.fail(where, err)
	}
	return v
}

// add returns x + y, failing instead of wrapping around on overflow.
func (r *reader) add(where string, x, y int64) int64 {
	if (y > 0 && x > math.MaxInt64-y) || (y < 0 && x < math.MinInt64-y) {
		r.fail(where, errors.New("sum is too large"))
		return 0
	}
	return x + y
}

// quantity returns n as a whole number, or zero when n is absent.
func (r *reader) quantity(where string, n number) int64 {
	if r.err != nil || n == "" {
		return 0
	}
	q, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		r.fail(where, err)
	}
	return q
}

// time returns one of Shopify's RFC 3339 times, keeping its offset, or the
// zero time when s is absent.
func (r *reader) time(where, s string) time.Time {
	if r.err != nil || s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		r.fail(where, err)
	}
	return t
}

// taxes returns the total of the shop-money amounts of tax lines.
func (r *reader) taxes(where string, lines []taxLine) int64 {
	var total int64
	for i, t := range lines {
		v := r.amount(fmt.Sprintf("%s tax line %d", where, i), shop(t.Price, t.PriceSet))
		total = r.add(where+" tax", total, v)
	}
	return total
}

// discounts returns the total of the shop-money amounts of allocations.
func (r *reader) discounts(where string, allocs []allocation) int64 {
	var total int64
	for i, d := range allocs {
		v := r.amount(fmt.Sprintf("%s discount allocation %d", where, i),
			shop(d.Amount, d.AmountSet))
		total = r.add(where+" discount", total, v)
	}
	return total
}
