package order

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrAmount is returned for an amount that is not a plain decimal number.
var ErrAmount = errors.New("order: bad amount")

// CurrencyExponent returns the number of decimals of an active ISO 4217
// currency code (2 for EUR, 0 for JPY, 3 for KWD) and whether the code is
// known. Codes must be upper case; historic codes such as DEM are unknown.
func CurrencyExponent(code string) (int, bool) {
	exp, ok := minorUnits[code]
	return exp, ok
}

// ParseAmount converts a decimal string such as "19.95" into minor units of
// the given currency, exactly and without floating point. The string is an
// optional minus sign, digits and, optionally, a point followed by digits;
// nothing else, not even spaces. An unknown currency is taken to have two
// decimals, so that the order can still be recorded and put on hold for its
// currency. More decimals than the currency has are an error unless they are
// zeros. Every int64 can be parsed, including math.MinInt64.
func ParseAmount(s, currencyCode string) (int64, error) {
	exp, ok := CurrencyExponent(currencyCode)
	if !ok {
		exp = 2
	}
	digits, neg := strings.CutPrefix(s, "-")
	whole, frac, dot := strings.Cut(digits, ".")
	if !isDigits(whole) || (dot && !isDigits(frac)) {
		return 0, fmt.Errorf("%w: %q is not a decimal number such as 19.95", ErrAmount, s)
	}
	if len(strings.TrimRight(frac, "0")) > exp {
		return 0, fmt.Errorf("%w: %q has more than %d decimals for %s",
			ErrAmount, s, exp, currencyCode)
	}
	frac = frac[:min(len(frac), exp)]
	frac += strings.Repeat("0", exp-len(frac))

	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	u, err := strconv.ParseUint(whole+frac, 10, 64)
	if err != nil || u > limit {
		return 0, fmt.Errorf("%w: %q is too large", ErrAmount, s)
	}
	if neg {
		return -int64(u), nil
	}
	return int64(u), nil
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// FormatAmount writes minor units of a currency as a decimal string, the
// inverse of ParseAmount.
func FormatAmount(v int64, currencyCode string) string {
	exp, ok := CurrencyExponent(currencyCode)
	if !ok {
		exp = 2
	}
	sign := ""
	u := uint64(v)
	if v < 0 {
		sign, u = "-", -u
	}
	s := fmt.Sprintf("%0*d", exp+1, u)
	if exp == 0 {
		return sign + s
	}
	return sign + s[:len(s)-exp] + "." + s[len(s)-exp:]
}
