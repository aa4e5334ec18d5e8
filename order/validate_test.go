package order_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(o *order.Order)
		want  [][2]string
	}{
		{"valid order has no reasons", func(o *order.Order) {}, nil},
		{"unknown currency", func(o *order.Order) { o.Currency = "EURO" },
			[][2]string{{"unknown_currency", "currency"}}},
		{"historic currency is unknown", func(o *order.Order) { o.Currency = "NLG" },
			[][2]string{{"unknown_currency", "currency"}}},
		{"no lines", func(o *order.Order) { o.Lines = nil },
			[][2]string{{"no_lines", "lines"}}},
		{"repeated line id", func(o *order.Order) { o.Lines[1].LineID = "1" },
			[][2]string{
				{"duplicate_line_id", "lines[1].line_id"},
				{"orphan_component", "lines[2].parent_line_id"},
			}},
		{"unknown line kind", func(o *order.Order) { o.Lines[0].Kind = "kit" },
			[][2]string{{"unknown_kind", "lines[0].kind"}}},
		{"line without SKU", func(o *order.Order) { o.Lines[0].SKU = "" },
			[][2]string{{"missing_sku", "lines[0].sku"}}},
		{"zero quantity", func(o *order.Order) { o.Lines[0].Quantity = 0 },
			[][2]string{{"bad_quantity", "lines[0].quantity"}}},
		{"negative quantity", func(o *order.Order) { o.Lines[2].Quantity = -3 },
			[][2]string{{"bad_quantity", "lines[2].quantity"}}},
		{"negative discount", func(o *order.Order) { o.Lines[0].Discount = -1 },
			[][2]string{{"negative_amount", "lines[0]"}}},
		{"component of a missing bundle", func(o *order.Order) { o.Lines[2].ParentLineID = "9" },
			[][2]string{{"orphan_component", "lines[2].parent_line_id"}}},
		{"unknown method", func(o *order.Order) { o.Delivery.Method = "drone" },
			[][2]string{{"unknown_method", "delivery.method"}}},
		{"unknown carrier", func(o *order.Order) { o.Delivery.Carrier = "pigeon" },
			[][2]string{{"unknown_carrier", "delivery.carrier"}}},
		{"unknown priority", func(o *order.Order) { o.Delivery.Priority = "asap" },
			[][2]string{{"unknown_priority", "delivery.priority"}}},
		{"delivery country not a code", func(o *order.Order) { o.Delivery.Country = "UK" },
			[][2]string{{"unknown_country", "delivery.country"}}},
		{"delivery country differs from address", func(o *order.Order) {
			o.Delivery.Country = "BE"
		}, [][2]string{{"country_mismatch", "delivery.country"}}},
		{"bad e-mail", func(o *order.Order) { o.Customer.Email = "ann@" },
			[][2]string{{"bad_email", "customer.email"}}},
		{"no shipping address", func(o *order.Order) { o.Customer.Shipping = order.Address{} },
			[][2]string{{"no_address", "customer.shipping_address"}}},
		{"address withheld by the channel", func(o *order.Order) {
			o.Customer.Shipping = order.Address{}
			o.Customer.Withheld = "buyer PII needs the Direct-to-Consumer Shipping role"
		}, [][2]string{{"address_withheld", "customer.shipping_address"}}},
		{"bad shipping address", func(o *order.Order) {
			o.Customer.Shipping.Postcode = "1015"
			o.Customer.Shipping.City = ""
		}, [][2]string{
			{"missing_city", "customer.shipping_address.city"},
			{"bad_postcode", "customer.shipping_address.postcode"},
		}},
		{"digital order needs no address", func(o *order.Order) {
			o.Delivery.Method = order.MethodDigital
			o.Customer.Shipping = order.Address{}
		}, nil},
		{"click and collect needs no address", func(o *order.Order) {
			o.Delivery.Method = order.MethodClickAndCollect
			o.Customer.Shipping = order.Address{}
		}, nil},
		{"every problem is reported", func(o *order.Order) {
			o.Currency = ""
			o.Lines[0].Quantity = 0
			o.Lines[1].UnitPrice = -5
			o.Delivery.Carrier = ""
		}, [][2]string{
			{"unknown_currency", "currency"},
			{"bad_quantity", "lines[0].quantity"},
			{"negative_amount", "lines[1]"},
			{"unknown_carrier", "delivery.carrier"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validOrder(t)
			tt.spoil(o)
			got := order.Validate(o)
			if diff := cmp.Diff(tt.want, codes(got)); diff != "" {
				t.Errorf("Validate reasons (-want +got):\n%s", diff)
			}
			checkMessages(t, got)
		})
	}
}
