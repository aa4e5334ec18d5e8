package shopify

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/ordo-oms/ordo/order"
)

// FuzzMap checks that Map never panics, that every error it returns wraps
// ErrMalformed, and that a mapped order holds no quantity or amount that
// the body did not contain: each quantity, unit price and total is a number
// written in the body, and each sum is no larger than all of them together.
func FuzzMap(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	// The shared fixtures join the seeds when they are there.
	shared := filepath.Join("..", "..", "shared", "fixtures", "shopify")
	more, _ := filepath.Glob(filepath.Join(shared, "*.json"))
	seeds = append(seeds, more...)
	for _, path := range seeds {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id": 1, "currency": "JPY", "line_items": [{"quantity": "3", "price": 100}]}`))

	f.Fuzz(func(t *testing.T, body []byte) {
		m, err := Map("fuzz", body)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error does not wrap ErrMalformed: %v", err)
			}
			return
		}
		o := m.Order
		in := inputNumbers(t, body, o.Currency)
		if !in.ids[o.OrderID] {
			t.Errorf("order id %s is not in the body", o.OrderID)
		}
		for i, l := range o.Lines {
			if !in.ints[l.Quantity] {
				t.Errorf("line %d quantity %d is not in the body", i, l.Quantity)
			}
			if !in.amounts[l.UnitPrice] {
				t.Errorf("line %d unit price %d is not in the body", i, l.UnitPrice)
			}
			in.bounded(t, "line tax", l.Tax)
			in.bounded(t, "line discount", l.Discount)
		}
		if !in.amounts[o.Totals.Total] {
			t.Errorf("total %d is not in the body", o.Totals.Total)
		}
		in.bounded(t, "shipping", o.Totals.Shipping)
		in.bounded(t, "tax", o.Totals.Tax)
		in.bounded(t, "discount", o.Totals.Discount)
	})
}

// numbers are the values written in a body, read as quantities and as
// amounts in the order's currency. Zero, the value of an absent field, is
// always among them.
type numbers struct {
	ids     map[string]bool // whole numbers in decimal, as Map writes ids
	ints    map[int64]bool
	amounts map[int64]bool
	bound   uint64 // the sum of the magnitudes of all amounts, saturated
}

// inputNumbers collects every number and string in body that reads as a
// whole number or an amount.
func inputNumbers(t *testing.T, body []byte, currency string) numbers {
	t.Helper()
	n := numbers{ids: map[string]bool{}, ints: map[int64]bool{0: true},
		amounts: map[int64]bool{0: true}}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatalf("Map accepted a body the tokenizer rejects: %v", err)
		}
		var s string
		switch v := tok.(type) {
		case json.Number:
			s = v.String()
		case string:
			s = v
		default:
			continue
		}
		if u, err := strconv.ParseUint(s, 10, 64); err == nil {
			n.ids[strconv.FormatUint(u, 10)] = true
		}
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			n.ints[i] = true
		}
		if a, err := order.ParseAmount(s, currency); err == nil {
			n.amounts[a] = true
			n.bound = addSat(n.bound, magnitude(a))
		}
	}
}

// bounded fails the test when a sum exceeds what all the body's amounts
// add up to.
func (n numbers) bounded(t *testing.T, what string, v int64) {
	t.Helper()
	if magnitude(v) > n.bound {
		t.Errorf("%s %d is larger than all the body's amounts together (%d)", what, v, n.bound)
	}
}

func magnitude(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

func addSat(x, y uint64) uint64 {
	if x > math.MaxUint64-y {
		return math.MaxUint64
	}
	return x + y
}
