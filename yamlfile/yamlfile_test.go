package yamlfile_test

import (
	"errors"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ordo-oms/ordo/yamlfile"
)

func TestErrorListsProblemsInFileOrder(t *testing.T) {
	err := yamlfile.NewError("rules.yaml", []yamlfile.Problem{
		{Line: 9, Column: 3, Field: "split.max_parts", Message: "is 0; must be at least 1"},
		{Message: "the file is empty"},
		{Line: 2, Field: "currency", Message: "missing"},
	})
	want := "rules.yaml: the file is empty\n" +
		"rules.yaml:2: currency: missing\n" +
		"rules.yaml:9:3: split.max_parts: is 0; must be at least 1"
	if got := err.Error(); got != want {
		t.Errorf("Error() =\n%s\nwant\n%s", got, want)
	}
	if got := yamlfile.NewError("", []yamlfile.Problem{{Message: "m"}}).Error(); got != "m" {
		t.Errorf("without a file: %q; want %q", got, "m")
	}
}

func TestSyntaxProblem(t *testing.T) {
	var v any
	err := yaml.Unmarshal([]byte("a: 1\nb: [\n"), &v)
	p := yamlfile.SyntaxProblem(err)
	if p.Line != 2 || p.Message == "" {
		t.Errorf("SyntaxProblem(%v) = %+v; want line 2 with a message", err, p)
	}
	if p := yamlfile.SyntaxProblem(errors.New("yaml: odd")); p.Line != 0 || p.Message != "odd" {
		t.Errorf("SyntaxProblem without a line = %+v", p)
	}
}

func TestClosest(t *testing.T) {
	known := []string{"cutoffs", "carriers", "calendars", "capacity"}
	for name, want := range map[string]string{"cutofs": "cutoffs", "carrier": "carriers",
		"calender": "calendars", "zones": "", "": ""} {
		if got := yamlfile.Closest(name, known); got != want {
			t.Errorf("Closest(%q) = %q; want %q", name, got, want)
		}
	}
}
