package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ordo-oms/ordo/yamlfile"
)

// suggest returns the part of an unknown-setting message that helps: the
// known name closest to name when one is close, or else all known names.
func suggest[V any](name string, known map[string]V) string {
	names := slices.Sorted(maps.Keys(known))
	if best := yamlfile.Closest(name, names); best != "" {
		return fmt.Sprintf("; did you mean %s?", best)
	}
	return "; known settings here: " + strings.Join(names, ", ")
}
