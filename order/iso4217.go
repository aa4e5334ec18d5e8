package order

// minorUnits maps each active ISO 4217 currency code to its number of
// decimals (its minor unit). Only the exceptions to two decimals are listed
// with their value; every other code has two. Historic codes (DEM, NLG),
// precious metals, funds without a minor unit (XAU, XDR) and the testing and
// "no currency" codes (XTS, XXX) are absent: no order is priced in them.
//
// The table is kept here rather than taken from CLDR because CLDR's digits
// are those used for display and differ from ISO 4217 for some currencies
// (CLDR gives 0 for IDR and COP, ISO 4217 gives 2), and channels send
// amounts with ISO 4217 precision.
var minorUnits = func() map[string]int {
	m := map[string]int{}
	for _, code := range twoDecimals {
		m[code] = 2
	}
	for code, exp := range otherDecimals {
		m[code] = exp
	}
	return m
}()

// otherDecimals are the active currencies whose minor unit is not 2.
var otherDecimals = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0,
	"KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0,
	"XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

// twoDecimals are the active currencies with a minor unit of 2. Codes being
// replaced (ANG by XCG, SLL by SLE, ZWL by ZWG) stay while payments in them
// may still arrive.
var twoDecimals = []string{
	"AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN",
	"BAM", "BBD", "BDT", "BGN", "BMD", "BND", "BOB", "BOV", "BRL", "BSD",
	"BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CNY",
	"COP", "COU", "CRC", "CUC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD",
	"EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP",
	"GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
	"IRR", "JMD", "KES", "KGS", "KHR", "KPW", "KYD", "KZT", "LAK", "LBP",
	"LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP",
	"MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN",
	"NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN",
	"QAR", "RON", "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
	"SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
	"THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD",
	"USN", "UYU", "UZS", "VED", "VES", "WST", "XCD", "XCG", "YER", "ZAR",
	"ZMW", "ZWG", "ZWL",
}
