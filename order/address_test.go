package order_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
)

func TestValidateAddress(t *testing.T) {
	const field = "customer.shipping_address"
	tests := []struct {
		name  string
		spoil func(a *order.Address)
		want  [][2]string
	}{
		{"valid address", func(a *order.Address) {}, nil},
		{"no street line", func(a *order.Address) { a.Line1 = "  " },
			[][2]string{{"missing_line1", field + ".line1"}}},
		{"no city", func(a *order.Address) { a.City = "" },
			[][2]string{{"missing_city", field + ".city"}}},
		{"no country", func(a *order.Address) { a.Country = "" },
			[][2]string{{"missing_country", field + ".country"}}},
		{"country name", func(a *order.Address) { a.Country = "Netherlands" },
			[][2]string{{"unknown_country", field + ".country"}}},
		{"lower-case country", func(a *order.Address) { a.Country = "nl" },
			[][2]string{{"unknown_country", field + ".country"}}},
		{"UK for GB", func(a *order.Address) { a.Country = "UK"; a.Postcode = "SW1A 1AA" },
			[][2]string{{"unknown_country", field + ".country"}}},
		{"no postcode", func(a *order.Address) { a.Postcode = "" },
			[][2]string{{"missing_postcode", field + ".postcode"}}},
		{"bad postcode", func(a *order.Address) { a.Postcode = "1015" },
			[][2]string{{"bad_postcode", field + ".postcode"}}},
		{"everything missing", func(a *order.Address) { *a = order.Address{} },
			[][2]string{
				{"missing_line1", field + ".line1"},
				{"missing_city", field + ".city"},
				{"missing_country", field + ".country"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := nlAddress()
			tt.spoil(&a)
			got := order.ValidateAddress(a, field)
			if diff := cmp.Diff(tt.want, codes(got)); diff != "" {
				t.Errorf("ValidateAddress reasons (-want +got):\n%s", diff)
			}
			checkMessages(t, got)
		})
	}
}

func TestValidateAddressField(t *testing.T) {
	t.Run("empty field names the part alone", func(t *testing.T) {
		got := order.ValidateAddress(order.Address{Line1: "x", City: "y"}, "")
		if len(got) != 1 || got[0].Field != "country" {
			t.Errorf("reasons %v; want one for field country", got)
		}
	})
	t.Run("hint for UK names GB", func(t *testing.T) {
		got := order.ValidateAddress(order.Address{Line1: "x", City: "y", Country: "UK"}, "a")
		if len(got) != 1 || !cmp.Equal(got[0].Message,
			`country "UK" is not an ISO 3166-1 alpha-2 code; use GB instead`) {
			t.Errorf("reasons %v; want one that says to use GB", got)
		}
	})
}

func TestValidateAddressPostcode(t *testing.T) {
	tests := []struct {
		country, postcode string
		want              string // the reason code, or "" for none
	}{
		{"NL", "1015 CJ", ""}, {"NL", "1015CJ", ""}, {"NL", "1015cj", ""},
		{"NL", " 1015 CJ ", ""}, {"NL", "0123 AB", "bad_postcode"},
		{"NL", "1015  CJ", "bad_postcode"}, {"NL", "1015", "bad_postcode"},
		{"BE", "1000", ""}, {"BE", "B-1000", "bad_postcode"}, {"AT", "1010", ""},
		{"CH", "8001", ""}, {"CH", "80010", "bad_postcode"}, {"DK", "0800", ""},
		{"DE", "10115", ""}, {"DE", "1011", "bad_postcode"}, {"FR", "75001", ""},
		{"ES", "28001", ""}, {"IT", "00184", ""}, {"FI", "00100", ""},
		{"FI", "0010A", "bad_postcode"},
		{"GB", "SW1A 1AA", ""}, {"GB", "SW1A1AA", ""}, {"GB", "M1 1AE", ""},
		{"GB", "B33 8TH", ""}, {"GB", "CR2 6XH", ""}, {"GB", "DN55 1PT", ""},
		{"GB", "W1A 0AX", ""}, {"GB", "EC1A 1BB", ""}, {"GB", "GIR 0AA", ""},
		{"GB", "SW1A", "bad_postcode"}, {"GB", "12345", "bad_postcode"},
		{"US", "90210", ""}, {"US", "90210-1234", ""}, {"US", "902101234", ""},
		{"US", "9021", "bad_postcode"}, {"US", "90210-12", "bad_postcode"},
		{"PL", "00-950", ""}, {"PL", "00950", "bad_postcode"},
		{"SE", "123 45", ""}, {"SE", "12345", ""}, {"SE", "1234", "bad_postcode"},
		{"PT", "1000-001", ""}, {"PT", "1000", "bad_postcode"},
		{"NO", "0150", ""}, {"JP", "100-0001", ""},
		{"US", "", "missing_postcode"}, {"NO", "", "missing_postcode"},
		{"IE", "", ""}, {"IE", "D04 X285", ""}, {"IE", "Dublin 4", ""},
		{"AE", "", ""}, {"HK", "", ""}, {"QA", "", ""}, {"HK", "000000", ""},
	}
	for _, tt := range tests {
		t.Run(tt.country+" "+tt.postcode, func(t *testing.T) {
			a := order.Address{Line1: "Main Street 1", City: "City", Country: tt.country,
				Postcode: tt.postcode}
			got := order.ValidateAddress(a, "address")
			var code string
			if len(got) > 0 {
				code = got[0].Code
			}
			if len(got) > 1 || code != tt.want {
				t.Errorf("ValidateAddress(%s %q) = %v; want code %q", tt.country,
					tt.postcode, got, tt.want)
			}
		})
	}
}
