package config

import (
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ordo-oms/ordo/yamlfile"
)

// Duration is a time.Duration written as a string with a unit, such as
// "50ms", "15s" or "168h", in the form time.ParseDuration accepts.
type Duration time.Duration

// String formats d like time.Duration does, without zero minutes and
// seconds at the end: "168h" rather than "168h0m0s".
func (d Duration) String() string {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// MarshalText returns d as String formats it.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a duration such as "15s". A number without a unit is
// an error, since whether 30 means seconds or milliseconds cannot be told.
func (d *Duration) UnmarshalText(text []byte) error {
	v, err := time.ParseDuration(string(text))
	if err != nil {
		return fmt.Errorf("%q is not a duration: write a number with a unit, "+
			"such as 50ms, 15s or 168h", text)
	}
	*d = Duration(v)
	return nil
}

// UnmarshalYAML parses a YAML scalar as UnmarshalText does. An empty value
// leaves d unchanged.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("expected a duration such as 15s, found %s", yamlfile.Describe(n))
	}
	if n.ShortTag() == "!!null" {
		return nil
	}
	return d.UnmarshalText([]byte(n.Value))
}
