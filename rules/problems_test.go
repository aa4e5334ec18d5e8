package rules_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/rules"
)

// TestProblems loads a file with each kind of problem from
// testdata/problems and checks the whole report against the file's .want:
// every problem, one per line, with its line, column and field.
func TestProblems(t *testing.T) {
	kinds := []string{
		"syntax",             // YAML that does not parse
		"two_documents",      // more than one document
		"unknown_key",        // a misspelt key, with "did you mean"
		"unknown_section",    // an unknown top-level key, with the known ones
		"duplicate_key",      // a key set twice
		"wrong_type",         // a list, number or true/false of the wrong type
		"missing",            // every required setting left out
		"bad_values",         // values out of range, all reported at once
		"bad_time_zone",      // a zone that is not an IANA name
		"bad_time",           // a cut-off at 17:60
		"bad_date",           // a holiday on 2026-02-30 or written backwards
		"bad_weekday",        // a day that is no day, or one named twice
		"negative_cost",      // negative costs, and too many decimals
		"duplicate_id",       // two locations with one id
		"duplicate_names",    // a carrier, a day and a rule name twice
		"unknown_location",   // only and never naming unknown locations
		"unknown_references", // unknown methods, carriers and calendars
		"expr_field",         // a misspelt field, plain and quoted
		"expr_block",         // a misspelt field in a multi-line expression
		"expr_type",          // a type error and a syntax error
		"expr_not_bool",      // a condition that is a number, points that are text
		"expr_variable",      // a variable that the expression may not use
		"expr_fails",         // an expression that fails for a location
	}
	files, err := filepath.Glob(filepath.Join("testdata", "problems", "*.yaml"))
	if err != nil || len(files) != len(kinds) {
		t.Errorf("testdata/problems has %d files, the test knows %d kinds", len(files), len(kinds))
	}
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			path := filepath.Join("testdata", "problems", kind+".yaml")
			want, err := os.ReadFile(strings.TrimSuffix(path, ".yaml") + ".want")
			if err != nil {
				t.Fatal(err)
			}
			_, err = rules.Load(path)
			var rerr *rules.Error
			if !errors.As(err, &rerr) {
				t.Fatalf("Load: %v (%T), want a *rules.Error", err, err)
			}
			got := strings.ReplaceAll(err.Error(), filepath.Dir(path)+"/", "") + "\n"
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if n := strings.Count(string(want), "\n"); len(rerr.Problems) != n {
				t.Errorf("%d problems, want %d", len(rerr.Problems), n)
			}
		})
	}
}
