package order

import "golang.org/x/text/language"

// IsCountry reports whether code is an ISO 3166-1 alpha-2 country code, in
// upper case. Codes that are only reserved (UK, EU, AC, IC), withdrawn (YU,
// AN, DD) or private to CLDR are not countries. XK, which ISO has not
// assigned but which the European Commission, carriers and channels use for
// Kosovo, is accepted so that orders to Kosovo are not held for their
// country.
func IsCountry(code string) bool {
	if len(code) != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' {
		return false
	}
	if code == "XK" {
		return true
	}
	if notISO3166[code] {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry() && r.String() == code
}

// notISO3166 are the codes CLDR counts as countries that ISO 3166-1 has not
// assigned: exceptionally reserved codes (AC, IC, UK, UN), transitionally
// reserved codes of countries that no longer exist (YU, DD) and codes of
// territories that were merged into others (FQ, JT).
var notISO3166 = map[string]bool{
	"AC": true, "AN": true, "BU": true, "CP": true, "CQ": true, "CS": true,
	"CT": true, "DD": true, "DG": true, "DY": true, "EA": true, "EZ": true,
	"FQ": true, "FX": true, "HV": true, "IC": true, "JT": true, "MI": true,
	"NH": true, "NQ": true, "NT": true, "PC": true, "PU": true, "PZ": true,
	"RH": true, "SU": true, "TA": true, "TP": true, "UK": true, "UN": true,
	"VD": true, "WK": true, "YD": true, "YU": true, "ZR": true,
}
