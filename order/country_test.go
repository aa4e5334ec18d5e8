package order_test

import (
	"testing"

	"github.com/ordo-oms/ordo/order"
)

func TestIsCountry(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"NL", true}, {"DE", true}, {"GB", true}, {"US", true}, {"AQ", true},
		{"XK", true}, {"CW", true}, {"SS", true},
		{"nl", false}, {"Nl", false}, {"", false}, {"N", false}, {"NLD", false},
		{"UK", false}, {"EU", false}, {"EL", false}, {"ZZ", false}, {"AA", false},
		{"YU", false}, {"AN", false}, {"DD", false}, {"SU", false}, {"AC", false},
		{"IC", false}, {"FX", false}, {"QO", false}, {"12", false}, {"N1", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := order.IsCountry(tt.code); got != tt.want {
				t.Errorf("IsCountry(%q) = %v; want %v", tt.code, got, tt.want)
			}
		})
	}
}

func TestIsCountryCount(t *testing.T) {
	n := 0
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			if order.IsCountry(string([]rune{a, b})) {
				n++
			}
		}
	}
	// ISO 3166-1 assigns 249 codes; XK is accepted besides.
	if n != 250 {
		t.Errorf("IsCountry accepts %d codes; want 250", n)
	}
}
