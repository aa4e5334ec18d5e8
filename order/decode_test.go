package order_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
)

func TestDecodeFull(t *testing.T) {
	got := mustDecode(t, readTestdata(t, "full.json"))
	cest := time.FixedZone("", 2*60*60)
	addr := order.Address{Name: "Ann de Vries", Line1: "Keizersgracht 123",
		Postcode: "1015CJ", City: "Amsterdam", Country: "NL"}
	ship := addr
	ship.Line2, ship.Postcode = "3 hoog", "1015 CJ"
	want := &order.Order{
		ChannelID: "shop-nl", OrderID: "5012345678901", Name: "#1001",
		PlacedAt:      time.Date(2024, 5, 1, 10, 15, 0, 0, cest),
		UpdatedAt:     time.Date(2024, 5, 1, 10, 16, 30, 0, cest),
		Currency:      "EUR",
		TaxesIncluded: true,
		Lines: []order.Line{
			{LineID: "1", SKU: "TSHIRT-RED-M", Variant: "40001", Title: "T-shirt red M",
				Quantity: 2, UnitPrice: 1995, Tax: 693},
			{LineID: "2", Kind: order.KindBundle, Title: "Gift set", Quantity: 1,
				UnitPrice: 4500, Tax: 781, Discount: 500},
			{LineID: "3", Kind: order.KindComponent, ParentLineID: "2", SKU: "MUG-WHITE",
				Quantity: 1},
			{LineID: "4", Kind: order.KindComponent, ParentLineID: "2", SKU: "TEA-50G",
				Quantity: 2},
		},
		Delivery: order.Delivery{Country: "NL", Method: order.MethodExpress,
			Carrier: order.CarrierPostNL, Priority: order.PriorityHigh},
		Payment: order.PaymentPaid,
		Totals:  order.Totals{Shipping: 495, Tax: 1560, Discount: 500, Total: 8485},
		Tags:    []string{"vip", "newsletter"},
		Customer: order.Customer{Email: "ann.de.vries@example.nl", Phone: "+31 6 12345678",
			FirstName: "Ann", LastName: "de Vries", Shipping: ship, Billing: addr},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Decode(full.json) (-want +got):\n%s", diff)
	}
	if rs := order.Validate(got); len(rs) != 0 {
		t.Errorf("Validate(full.json) = %v; want no reasons", rs)
	}
}

func TestDecodeValid(t *testing.T) {
	tests := []struct {
		file string
		want [][2]string // the codes and fields Validate reports
	}{
		{"full.json", nil},
		{"minimal.json", nil},
		{"digital.json", nil},
		{"held.json", [][2]string{
			{"unknown_currency", "currency"},
			{"bad_quantity", "lines[0].quantity"},
			{"bad_email", "customer.email"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			o := mustDecode(t, readTestdata(t, tt.file))
			if diff := cmp.Diff(tt.want, codes(order.Validate(o))); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeDefaults(t *testing.T) {
	o := mustDecode(t, readTestdata(t, "minimal.json"))
	want := order.Delivery{Country: "DE", Method: order.MethodStandard,
		Carrier: order.CarrierAny, Priority: order.PriorityNormal}
	if diff := cmp.Diff(want, o.Delivery); diff != "" {
		t.Errorf("Delivery (-want +got):\n%s", diff)
	}
}

func TestDecodeErrors(t *testing.T) {
	const ok = `"order_id": "1", "currency": "EUR"`
	tests := []struct {
		name  string
		body  string
		field string
		at    string // the body from the error's offset on starts with this
		msg   string // the message contains this
	}{
		{"empty body", "", "", "", "empty"},
		{"only spaces", " \n\t", "", "", "empty"},
		{"array", `[{` + ok + `}]`, "", "[", "is an array"},
		{"null", `null`, "", "null", "is null"},
		{"string", ` "order"`, "", `"order"`, "is a string"},
		{"number", `42`, "", "42", "is a number"},
		{"second object", `{` + ok + `} {}`, "", "{}", "after the JSON object"},
		{"trailing garbage", `{` + ok + `}x`, "", "x", "after the JSON object"},
		{"syntax error", `{` + ok + `,}`, "", "", "not valid JSON"},
		{"truncated", `{` + ok + `, "lines": [`, "lines", "", "ends before"},
		{"unknown field", `{` + ok + `, "colour": "red"}`, "colour", `"colour"`,
			"check its spelling"},
		{"unknown line field", `{` + ok + `, "lines": [{"sku": "A", "qty": 1}]}`,
			"lines[0].qty", `"qty"`, "unknown field"},
		{"unknown address field",
			`{` + ok + `, "customer": {"shipping_address": {"street": "x"}}}`,
			"customer.shipping_address.street", `"street"`, "unknown field"},
		{"field in other case", `{"Order_ID": "1", "currency": "EUR"}`, "Order_ID",
			`"Order_ID"`, `did you mean "order_id"`},
		{"repeated field", `{` + ok + `, "order_id": "2"}`, "order_id", `"order_id": "2"`,
			"more than once"},
		{"sets status", `{` + ok + `, "status": "validated"}`, "status", `"status"`,
			"set by Ordo"},
		{"sets status to null", `{` + ok + `, "status": null}`, "status", `"status"`,
			"set by Ordo"},
		{"sets hold reasons", `{` + ok + `, "hold_reasons": []}`, "hold_reasons",
			`"hold_reasons"`, "set by Ordo"},
		{"sets Ordo's id", `{"oms_order_id": "x", ` + ok + `}`, "oms_order_id",
			`"oms_order_id"`, "set by Ordo"},
		{"no order id", `{"currency": "EUR"}`, "order_id", `{`, "missing"},
		{"null order id", `{"order_id": null, "currency": "EUR"}`, "order_id", `{`,
			"missing or null"},
		{"empty order id", `{"order_id": " ", "currency": "EUR"}`, "order_id", `" "`,
			"empty"},
		{"no currency", `{"order_id": "1", "lines": []}`, "currency", `{`, "missing"},
		{"quantity as string", `{` + ok + `, "lines": [{"quantity": "2"}]}`,
			"lines[0].quantity", `"2"`, "expected a whole number, got a string"},
		{"quantity with fraction", `{` + ok + `, "lines": [{}, {"quantity": 1.5}]}`,
			"lines[1].quantity", `1.5`, "got 1.5"},
		{"amount too large", `{` + ok + `, "totals": {"total": 1e30}}`,
			"totals.total", `1e30`, "minor units"},
		{"lines as object", `{` + ok + `, "lines": {"sku": "A"}}`, "lines", `{"sku"`,
			"expected an array, got an object"},
		{"tag as number", `{` + ok + `, "tags": ["a", 1]}`, "tags[1]", `1]`,
			"expected a string, got a number"},
		{"flag as string", `{` + ok + `, "taxes_included": "yes"}`, "taxes_included",
			`"yes"`, "expected true or false"},
		{"time in words", `{` + ok + `, "placed_at": "yesterday"}`, "placed_at",
			`"yesterday"`, "RFC 3339"},
		{"time as number", `{` + ok + `, "updated_at": 1714550400}`, "updated_at",
			`1714550400`, "RFC 3339"},
		{"delivery as string", `{` + ok + `, "delivery": "express"}`, "delivery",
			`"express"`, "expected an object, got a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			de := decodeError(t, []byte(tt.body))
			if de.Field != tt.field {
				t.Errorf("Field = %q; want %q", de.Field, tt.field)
			}
			if de.Offset < 0 || de.Offset > int64(len(tt.body)) ||
				!strings.HasPrefix(tt.body[de.Offset:], tt.at) {
				t.Errorf("Offset = %d; want where %q starts in %q", de.Offset, tt.at, tt.body)
			}
			if !strings.Contains(de.Message, tt.msg) {
				t.Errorf("Message = %q; want it to contain %q", de.Message, tt.msg)
			}
		})
	}
}

// decodeError decodes a body that must fail and returns its DecodeError.
func decodeError(tb testing.TB, body []byte) *order.DecodeError {
	tb.Helper()
	o, err := order.Decode(bytes.NewReader(body))
	var de *order.DecodeError
	if !errors.As(err, &de) {
		tb.Fatalf("Decode = %+v, %v; want a *DecodeError", o, err)
	}
	if !strings.HasPrefix(err.Error(), "order: decode: "+de.Field) {
		tb.Errorf("Error() = %q; want it to start with the package and field", err)
	}
	return de
}

func TestDecodeErrorFiles(t *testing.T) {
	tests := []struct{ file, field string }{
		{"bad_sets_status.json", "status"},
		{"bad_type.json", "lines[0].unit_price"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if de := decodeError(t, readTestdata(t, tt.file)); de.Field != tt.field {
				t.Errorf("Field = %q; want %q", de.Field, tt.field)
			}
		})
	}
}

// failingReader returns some data and then an error.
type failingReader struct{ done bool }

var errBroken = errors.New("connection reset")

func (r *failingReader) Read(p []byte) (int, error) {
	if r.done {
		return 0, errBroken
	}
	r.done = true
	return copy(p, `{"order_id"`), nil
}

func TestDecodeReadError(t *testing.T) {
	_, err := order.Decode(&failingReader{})
	var de *order.DecodeError
	if !errors.As(err, &de) || !errors.Is(err, errBroken) {
		t.Fatalf("Decode = %v; want a *DecodeError wrapping the read error", err)
	}
	if de.Offset != int64(len(`{"order_id"`)) {
		t.Errorf("Offset = %d; want the bytes read", de.Offset)
	}
}

func TestNormalize(t *testing.T) {
	o := order.Order{
		Currency: " usd ",
		Lines:    []order.Line{{SKU: "\tA-1 "}, {SKU: "B"}},
		Tags:     []string{},
		Customer: order.Customer{Shipping: order.Address{Country: "us "},
			Billing: order.Address{Country: "ca"}},
		Delivery: order.Delivery{Carrier: order.CarrierUPS},
	}
	o.Normalize()
	want := order.Order{
		Currency: "USD",
		Lines:    []order.Line{{SKU: "A-1"}, {SKU: "B"}},
		Customer: order.Customer{Shipping: order.Address{Country: "US"},
			Billing: order.Address{Country: "CA"}},
		Delivery: order.Delivery{Country: "US", Method: order.MethodStandard,
			Carrier: order.CarrierUPS, Priority: order.PriorityNormal},
	}
	if diff := cmp.Diff(want, o); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
	again := o
	again.Normalize()
	if diff := cmp.Diff(o, again); diff != "" {
		t.Errorf("Normalize twice differs (-once +twice):\n%s", diff)
	}
}

func TestNormalizeKeepsDeliveryCountry(t *testing.T) {
	o := order.Order{Delivery: order.Delivery{Country: "be"},
		Customer: order.Customer{Shipping: order.Address{Country: "NL"}}}
	o.Normalize()
	if o.Delivery.Country != "BE" {
		t.Errorf("Delivery.Country = %q; want BE", o.Delivery.Country)
	}
}

func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		f.Add(readTestdata(f, filepath.Base(name)))
	}
	f.Add([]byte(`{"order_id":"1","currency":"eur","tags":[],"lines":null}`))
	f.Add([]byte(`{"order_id":"1","currency":"EUR","lines":[{"quantity":1.5}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		o, err := order.Decode(bytes.NewReader(body))
		if err != nil {
			var de *order.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Decode error %T %v; want a *DecodeError", err, err)
			}
			return
		}
		again, err := order.Decode(bytes.NewReader(mustJSON(t, o)))
		if err != nil {
			t.Fatalf("decoding the re-encoded order: %v", err)
		}
		if diff := cmp.Diff(o, again); diff != "" {
			t.Errorf("re-encoded order decodes differently (-first +second):\n%s", diff)
		}
	})
}
