package order

import (
	"fmt"
	"regexp"
	"strings"
)

// postcodeFormat is the shape of a country's postcodes, with an example to
// show a person who typed one wrong.
type postcodeFormat struct {
	re      *regexp.Regexp
	example string
}

// postcodeFormats are the countries whose postcodes are checked for their
// shape: the major markets. Postcodes are upper-cased and trimmed first, so
// "1234ab" passes for NL. Elsewhere any non-empty postcode is accepted.
var postcodeFormats = func() map[string]postcodeFormat {
	four := postcodeFormat{regexp.MustCompile(`^[0-9]{4}$`), "1234"}
	five := postcodeFormat{regexp.MustCompile(`^[0-9]{5}$`), "12345"}
	return map[string]postcodeFormat{
		"NL": {regexp.MustCompile(`^[1-9][0-9]{3} ?[A-Z]{2}$`), "1234 AB"},
		"BE": four, "AT": four, "CH": four, "DK": four,
		"DE": five, "FR": five, "ES": five, "IT": five, "FI": five,
		"GB": {regexp.MustCompile(`^([A-Z]{1,2}[0-9][A-Z0-9]?|GIR) ?[0-9][A-Z]{2}$`),
			"SW1A 1AA"},
		"US": {regexp.MustCompile(`^[0-9]{5}(-?[0-9]{4})?$`), "12345 or 12345-6789"},
		"PL": {regexp.MustCompile(`^[0-9]{2}-[0-9]{3}$`), "00-950"},
		"SE": {regexp.MustCompile(`^[0-9]{3} ?[0-9]{2}$`), "123 45"},
		"PT": {regexp.MustCompile(`^[0-9]{4}-[0-9]{3}$`), "1000-001"},
	}
}()

// postcodeOptional are the countries where an address needs no postcode.
// Most have no postcode system at all (AE, HK, QA and much of Africa and the
// Caribbean) or one that is hardly used (JM, PA). IE is here too: Eircodes
// exist, but many customers do not know theirs and An Post delivers without
// one, so a missing Eircode must not hold an order; its format is not
// checked either, as people often write a Dublin district ("D04") there.
// Where a country is unclear, it is listed: a postcode wrongly required
// holds good orders, a postcode wrongly optional only goes unchecked.
var postcodeOptional = map[string]bool{
	"AE": true, "AG": true, "AO": true, "AQ": true, "AW": true, "BF": true,
	"BI": true, "BJ": true, "BO": true, "BQ": true, "BS": true, "BV": true,
	"BW": true, "BZ": true, "CD": true, "CF": true, "CG": true, "CI": true,
	"CK": true, "CM": true, "CW": true, "DJ": true, "DM": true, "ER": true,
	"FJ": true, "GA": true, "GD": true, "GH": true, "GM": true, "GQ": true,
	"GY": true, "HK": true, "HM": true, "IE": true, "JM": true, "KI": true,
	"KM": true, "KN": true, "KP": true, "LC": true, "LY": true, "ML": true,
	"MO": true, "MR": true, "MW": true, "NR": true, "NU": true, "PA": true,
	"QA": true, "RW": true, "SB": true, "SC": true, "SL": true, "SR": true,
	"SS": true, "ST": true, "SX": true, "SY": true, "TD": true, "TG": true,
	"TK": true, "TL": true, "TO": true, "TV": true, "UG": true, "VC": true,
	"VU": true, "YE": true, "ZW": true,
}

// countryHints are codes people send for a country that has another one.
var countryHints = map[string]string{"UK": "GB", "EL": "GR"}

// ValidateAddress checks a postal address and returns every problem found,
// or none when a parcel can be sent to it. The country must be an ISO
// 3166-1 alpha-2 code in upper case; line1 and city must be present; the
// postcode must be present where the country uses postcodes and, for the
// major markets, have that country's format. Field is the JSON path of the
// address, such as "customer.shipping_address"; each Reason's Field extends
// it with the part at fault.
func ValidateAddress(a Address, field string) []Reason {
	var rs []Reason
	if strings.TrimSpace(a.Line1) == "" {
		rs = append(rs, Reason{Code: "missing_line1", Field: join(field, "line1"),
			Message: "the address has no street line; add the street and house number"})
	}
	if strings.TrimSpace(a.City) == "" {
		rs = append(rs, Reason{Code: "missing_city", Field: join(field, "city"),
			Message: "the address has no city; add the town or city"})
	}
	if r, ok := checkCountry(a.Country, join(field, "country")); !ok {
		return append(rs, r)
	}
	if r, ok := checkPostcode(a.Postcode, a.Country, join(field, "postcode")); !ok {
		rs = append(rs, r)
	}
	return rs
}

// checkCountry returns the problem with a country code, if any.
func checkCountry(code, field string) (Reason, bool) {
	if strings.TrimSpace(code) == "" {
		return Reason{Code: "missing_country", Field: field,
			Message: "the address has no country; add its ISO 3166-1 code, such as NL"}, false
	}
	if IsCountry(code) {
		return Reason{}, true
	}
	msg := fmt.Sprintf("country %q is not an ISO 3166-1 alpha-2 code; ", code)
	if hint, ok := countryHints[strings.ToUpper(code)]; ok {
		msg += fmt.Sprintf("use %s instead", hint)
	} else {
		msg += "use an upper-case two-letter code such as NL or DE"
	}
	return Reason{Code: "unknown_country", Field: field, Message: msg}, false
}

// checkPostcode returns the problem with the postcode of an address in
// country, if any. The country must be valid.
func checkPostcode(postcode, country, field string) (Reason, bool) {
	p := strings.ToUpper(strings.TrimSpace(postcode))
	if p == "" {
		if postcodeOptional[country] {
			return Reason{}, true
		}
		return Reason{Code: "missing_postcode", Field: field,
			Message: fmt.Sprintf("the address has no postcode; addresses in %s need one",
				country)}, false
	}
	f, ok := postcodeFormats[country]
	if !ok || f.re.MatchString(p) {
		return Reason{}, true
	}
	return Reason{Code: "bad_postcode", Field: field,
		Message: fmt.Sprintf("postcode %q is not a valid %s postcode; write it as %s",
			postcode, country, f.example)}, false
}

// join appends name to the JSON path field.
func join(field, name string) string {
	if field == "" {
		return name
	}
	return field + "." + name
}
