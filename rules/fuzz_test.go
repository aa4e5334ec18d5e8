package rules_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/rules"
)

// FuzzParse feeds the parser arbitrary files, starting from the example and
// the test files: it must not panic, and must return either a Set or an
// *Error with at least one problem.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("testdata/*/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	files = append(files, exampleFile, "testdata/minimal.yaml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := rules.Parse(data, "fuzz.yaml")
		var rerr *rules.Error
		switch {
		case err == nil && s == nil:
			t.Fatal("no Set and no error")
		case err != nil && (!errors.As(err, &rerr) || len(rerr.Problems) == 0):
			t.Fatalf("error %v (%T) is not an *Error with problems", err, err)
		case err != nil:
			_ = err.Error()
		}
	})
}

// TestAliasBomb checks that a small file that aliases expand into millions
// of values is refused quickly rather than walked.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("days: &days [" + strings.Repeat("mon, ", 199) + "mon]\n")
	b.WriteString("cutoff: &cutoff {days: *days, at: \"17:00\"}\n")
	b.WriteString("location: &location {id: dc, cutoffs: [" +
		strings.Repeat("*cutoff, ", 199) + "*cutoff]}\n")
	b.WriteString("locations: [" + strings.Repeat("*location, ", 199) + "*location]\n")
	_, err := rules.Parse([]byte(b.String()), "bomb.yaml")
	want := "bomb.yaml:1:1: the file repeats itself through aliases (*name) too much to be " +
		"a rule set"
	if err == nil || err.Error() != want {
		t.Errorf("Parse: %v\nwant %s", err, want)
	}
}
