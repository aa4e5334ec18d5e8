package config

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
)

const redacted = "[redacted]"

// Secret is a value that must not appear in logs or printed configuration:
// a webhook signing key, a token, a password. Every way of printing it
// (fmt, JSON, YAML, slog) shows [redacted], or nothing when it is empty; only
// Reveal returns the value.
type Secret string

// Reveal returns the secret value itself.
func (s Secret) Reveal() string { return string(s) }

// String returns [redacted], or "" when s is empty.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString returns the same as String, so %#v does not print the value.
func (s Secret) GoString() string { return s.String() }

// Format prints the same as String for every verb, so that no verb, not
// even a wrong one such as %d, prints the value.
func (s Secret) Format(f fmt.State, verb rune) { format(f, verb, s.String()) }

// LogValue returns the same as String, so slog does not log the value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText returns the same as String.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalJSON returns the same as String, as a JSON string.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// MarshalYAML returns the same as String.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// URL is a URL that may hold a password, such as a PostgreSQL URL. Every
// way of printing it shows the URL with the password replaced by xxxxx;
// Reveal returns it whole.
type URL string

// Reveal returns the URL itself, password included.
func (u URL) Reveal() string { return string(u) }

// String returns the URL with its password replaced by xxxxx. A URL that
// does not parse is shown as [redacted], since where its password is cannot
// be told.
func (u URL) String() string {
	p, err := url.Parse(string(u))
	if err != nil {
		return redacted
	}
	return p.Redacted()
}

// GoString returns the same as String.
func (u URL) GoString() string { return u.String() }

// Format prints the same as String for every verb.
func (u URL) Format(f fmt.State, verb rune) { format(f, verb, u.String()) }

// LogValue returns the same as String.
func (u URL) LogValue() slog.Value { return slog.StringValue(u.String()) }

// MarshalText returns the same as String.
func (u URL) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// MarshalJSON returns the same as String, as a JSON string.
func (u URL) MarshalJSON() ([]byte, error) { return json.Marshal(u.String()) }

// MarshalYAML returns the same as String.
func (u URL) MarshalYAML() (any, error) { return u.String(), nil }

// format prints s as a string for the verbs that print strings, honouring
// width and flags, and as it is for all others.
func format(f fmt.State, verb rune, s string) {
	switch verb {
	case 's', 'q', 'x', 'X':
	case 'v':
		if f.Flag('#') {
			io.WriteString(f, s)
			return
		}
	default:
		io.WriteString(f, s)
		return
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), s)
}
