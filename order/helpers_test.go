package order_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ordo-oms/ordo/order"
)

// readTestdata returns the contents of a file in testdata.
func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// mustDecode decodes a body that must be a valid order.
func mustDecode(tb testing.TB, body []byte) *order.Order {
	tb.Helper()
	o, err := order.Decode(bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("Decode: %v", err)
	}
	return o
}

// validOrder returns an order that Validate accepts, for a test to spoil.
func validOrder(tb testing.TB) *order.Order {
	tb.Helper()
	return &order.Order{
		ChannelID: "shop-nl",
		OrderID:   "1001",
		Currency:  "EUR",
		Lines: []order.Line{
			{LineID: "1", SKU: "SKU-1", Quantity: 1, UnitPrice: 1995},
			{LineID: "2", Kind: order.KindBundle, Quantity: 1, UnitPrice: 3000},
			{LineID: "3", Kind: order.KindComponent, ParentLineID: "2", SKU: "SKU-3",
				Quantity: 2},
		},
		Delivery: order.Delivery{Country: "NL", Method: order.MethodStandard,
			Carrier: order.CarrierAny, Priority: order.PriorityNormal},
		Payment: order.PaymentPaid,
		Customer: order.Customer{
			Email:    "ann@example.nl",
			Shipping: nlAddress(),
		},
	}
}

// nlAddress returns a valid Dutch address.
func nlAddress() order.Address {
	return order.Address{Name: "Ann de Vries", Line1: "Keizersgracht 123",
		Postcode: "1015 CJ", City: "Amsterdam", Country: "NL"}
}

// codes returns the code and field of each reason, for comparing.
func codes(rs []order.Reason) [][2]string {
	var out [][2]string
	for _, r := range rs {
		out = append(out, [2]string{r.Code, r.Field})
	}
	return out
}

// checkMessages fails the test when a reason has no message for a person.
func checkMessages(tb testing.TB, rs []order.Reason) {
	tb.Helper()
	for _, r := range rs {
		if len(r.Message) < 10 {
			tb.Errorf("reason %s has message %q; want one that says what to fix",
				r.Code, r.Message)
		}
	}
}
