package order_test

import (
	"errors"
	"math"
	"testing"

	"github.com/ordo-oms/ordo/order"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		name, s, currency string
		want              int64
		wantErr           bool
	}{
		{"euros and cents", "19.95", "EUR", 1995, false},
		{"trailing zero is fine", "1.50", "EUR", 150, false},
		{"whole euros", "20", "EUR", 2000, false},
		{"one decimal", "0.5", "EUR", 50, false},
		{"extra zeros are fine", "1.5000", "EUR", 150, false},
		{"negative euros", "-4.99", "EUR", -499, false},
		{"negative zero", "-0.00", "EUR", 0, false},
		{"yen has no decimals", "1500", "JPY", 1500, false},
		{"yen with zero decimals", "1500.00", "JPY", 1500, false},
		{"yen with a fraction", "1500.5", "JPY", 0, true},
		{"dinar has three decimals", "1.005", "KWD", 1005, false},
		{"negative dinar", "-0.125", "KWD", -125, false},
		{"rupiah has two decimals in ISO 4217", "15000.50", "IDR", 1500050, false},
		{"three decimals in euros", "1.005", "EUR", 0, true},
		{"unknown currency has two decimals", "1.23", "XYZ", 123, false},
		{"largest amount", "92233720368547758.07", "EUR", math.MaxInt64, false},
		{"smallest amount", "-92233720368547758.08", "EUR", math.MinInt64, false},
		{"overflow", "92233720368547758.08", "EUR", 0, true},
		{"overflow of many digits", "99999999999999999999999", "JPY", 0, true},
		{"empty", "", "EUR", 0, true},
		{"minus only", "-", "EUR", 0, true},
		{"point only", ".", "EUR", 0, true},
		{"no whole part", ".5", "EUR", 0, true},
		{"no fraction after point", "5.", "EUR", 0, true},
		{"plus sign", "+5", "EUR", 0, true},
		{"double minus", "--5", "EUR", 0, true},
		{"spaces", " 5", "EUR", 0, true},
		{"comma as decimal mark", "19,95", "EUR", 0, true},
		{"two points", "1.2.3", "KWD", 0, true},
		{"letters in fraction", "1.ab", "EUR", 0, true},
		{"exponent", "1e3", "EUR", 0, true},
		{"garbage", "abc", "EUR", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := order.ParseAmount(tt.s, tt.currency)
			if tt.wantErr {
				if !errors.Is(err, order.ErrAmount) {
					t.Errorf("ParseAmount(%q, %s) = %d, %v; want ErrAmount", tt.s, tt.currency,
						got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseAmount(%q, %s) = %d, %v; want %d", tt.s, tt.currency,
					got, err, tt.want)
			}
		})
	}
}

func TestFormatAmount(t *testing.T) {
	tests := []struct {
		name     string
		v        int64
		currency string
		want     string
	}{
		{"euros", 1995, "EUR", "19.95"},
		{"cents only", 5, "EUR", "0.05"},
		{"zero", 0, "EUR", "0.00"},
		{"negative", -499, "EUR", "-4.99"},
		{"negative cents", -5, "EUR", "-0.05"},
		{"yen", 1500, "JPY", "1500"},
		{"negative yen", -7, "JPY", "-7"},
		{"dinar", 1005, "KWD", "1.005"},
		{"unit of account", 12345, "CLF", "1.2345"},
		{"unknown currency", 123, "XYZ", "1.23"},
		{"largest", math.MaxInt64, "EUR", "92233720368547758.07"},
		{"smallest", math.MinInt64, "EUR", "-92233720368547758.08"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := order.FormatAmount(tt.v, tt.currency); got != tt.want {
				t.Errorf("FormatAmount(%d, %s) = %q; want %q", tt.v, tt.currency, got, tt.want)
			}
		})
	}
}

func TestCurrencyExponent(t *testing.T) {
	tests := []struct {
		code   string
		want   int
		wantOK bool
	}{
		{"EUR", 2, true}, {"USD", 2, true}, {"JPY", 0, true}, {"KRW", 0, true},
		{"KWD", 3, true}, {"BHD", 3, true}, {"CLF", 4, true}, {"IDR", 2, true},
		{"eur", 0, false}, {"DEM", 0, false}, {"XAU", 0, false}, {"XXX", 0, false},
		{"EURO", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, ok := order.CurrencyExponent(tt.code)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("CurrencyExponent(%q) = %d, %v; want %d, %v",
					tt.code, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func FuzzParseAmount(f *testing.F) {
	f.Add("19.95", "EUR", int64(1995))
	f.Add("1.005", "KWD", int64(-1))
	f.Add("1500", "JPY", int64(math.MaxInt64))
	f.Add("-0.5", "XYZ", int64(math.MinInt64))
	f.Add("1.2345", "CLF", int64(0))
	f.Fuzz(func(t *testing.T, s, currency string, v int64) {
		if got, err := order.ParseAmount(order.FormatAmount(v, currency), currency); err != nil ||
			got != v {
			t.Errorf("ParseAmount(FormatAmount(%d, %q)) = %d, %v", v, currency, got, err)
		}
		parsed, err := order.ParseAmount(s, currency)
		if err != nil {
			return
		}
		formatted := order.FormatAmount(parsed, currency)
		if again, err := order.ParseAmount(formatted, currency); err != nil || again != parsed {
			t.Errorf("ParseAmount(%q) = %d, formatted %q, parsed again = %d, %v",
				s, parsed, formatted, again, err)
		}
	})
}
