package order

import (
	"net/mail"
	"strings"
	"unicode"
)

// The length limits of RFC 5321: a path is at most 256 octets including
// its angle brackets, which leaves 254 for the address; a local part is at
// most 64 octets and a domain label at most 63.
const (
	maxEmail     = 254
	maxLocalPart = 64
	maxLabel     = 63
)

// ValidEmail reports whether s is a syntactically valid e-mail address: a
// bare address such as "ann@example.com", with no display name, angle
// brackets, comments or spaces, within the length limits of RFC 5321, whose
// domain is a host name with at least one dot. It does not check that the
// domain or the mailbox exists.
func ValidEmail(s string) bool {
	if len(s) > maxEmail || strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at <= maxLocalPart && validDomain(s[at+1:])
}

// validDomain reports whether d is a host name of at least two labels, each
// of letters, digits and inner hyphens, with a top-level label that is not
// all digits. Letters may be non-ASCII, for internationalised domains.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !validLabel(l) {
			return false
		}
	}
	return !isDigits(labels[len(labels)-1])
}

// validLabel reports whether l is one label of a host name.
func validLabel(l string) bool {
	if l == "" || len(l) > maxLabel || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for _, r := range l {
		if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			return false
		}
	}
	return true
}
