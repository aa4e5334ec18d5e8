package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ordo-oms/ordo/yamlfile"
)

// didYouMean returns "; did you mean X?" for the known name closest to
// name when one is close, else "; known: a, b, c", or "" when nothing is
// known.
func didYouMean(name string, known []string) string {
	if len(known) == 0 {
		return ""
	}
	if best := yamlfile.Closest(name, known); best != "" {
		return fmt.Sprintf("; did you mean %s?", best)
	}
	return "; known: " + strings.Join(slices.Sorted(slices.Values(known)), ", ")
}
