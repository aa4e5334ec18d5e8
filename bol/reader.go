package bol

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/ordo-oms/ordo/order"
)

// reader reads payload values into Ordo's types and keeps the first error,
// returning zero values after it, so that a mapping is a list of fields
// with one error check at the end. Every error wraps ErrMalformed and names
// the field at fault.
type reader struct {
	err error
}

func (r *reader) fail(where string, err error) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s: %w", ErrMalformed, where, err)
	}
}

// amount returns n, a euro amount, in cents; zero when n is absent.
func (r *reader) amount(where string, n json.Number) int64 {
	if r.err != nil || n == "" {
		return 0
	}
	v, err := order.ParseAmount(string(n), currency)
	if err != nil {
		r.fail(where, err)
	}
	return v
}

// whole returns n as a whole number; zero when n is absent.
func (r *reader) whole(where string, n json.Number) int64 {
	if r.err != nil || n == "" {
		return 0
	}
	v, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		r.fail(where, fmt.Errorf("%q is not a whole number", n))
	}
	return v
}

// mul returns x × y, failing instead of wrapping around on overflow.
func (r *reader) mul(where string, x, y int64) int64 {
	if x != 0 && y != 0 && (x*y)/y != x || (x == -1 && y == math.MinInt64) ||
		(y == -1 && x == math.MinInt64) {
		r.fail(where, errors.New("price times quantity is too large"))
		return 0
	}
	return x * y
}

// time returns an ISO 8601 time with its offset, as bol.com writes them,
// or the zero time when s is absent.
func (r *reader) time(where, s string) time.Time {
	if r.err != nil || s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		r.fail(where, fmt.Errorf("%q is not an ISO 8601 date and time", s))
	}
	return t
}
