package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/rules"
)

// TestExprUses checks what each kind of expression is found to depend on,
// which decides when the engine works it out.
func TestExprUses(t *testing.T) {
	tests := []struct {
		when         string
		uses         rules.Vars
		locationOnly bool
		productOnly  bool
		perLine      bool
	}{
		{`order.country == "BE"`, rules.VarOrder, false, false, false},
		{`any(order.lines, "hazardous" in .tags)`, rules.VarOrder, false, false, false},
		{`order.country == "BE" && line.qty > 5`, rules.VarOrder | rules.VarLine,
			false, false, true},
		{`"hazardous" in line.tags`, rules.VarLine, false, true, true},
		{`line.unit_weight_g > 1000 || "oversize" in line.tags`, rules.VarLine, false, true,
			true},
		{`line.sku startsWith "HAZ"`, rules.VarLine, false, false, true},
		{`"hazardous" in line.tags && line.qty > 1`, rules.VarLine, false, false, true},
		{`location.kind == "store"`, rules.VarLocation, true, false, false},
		{`true`, 0, true, false, false},
		{`location.country == order.country`, rules.VarOrder | rules.VarLocation, false,
			false, false},
	}
	for _, tt := range tests {
		s := mustParse(t, string(minimal(t))+fmt.Sprintf(
			"candidates:\n  - name: r\n    when: '%s'\n    never: [dc]\n",
			strings.ReplaceAll(tt.when, "'", "''")))
		r := s.Candidates()[0]
		x := r.When
		if x.Uses() != tt.uses || x.LocationOnly() != tt.locationOnly ||
			x.ProductOnly() != tt.productOnly || r.PerLine() != tt.perLine {
			t.Errorf("%s: uses %v, location only %v, product only %v, per line %v; "+
				"want %v, %v, %v, %v", tt.when, x.Uses(), x.LocationOnly(), x.ProductOnly(),
				r.PerLine(), tt.uses, tt.locationOnly, tt.productOnly, tt.perLine)
		}
		if x.String() != tt.when {
			t.Errorf("String() = %q, want %q", x.String(), tt.when)
		}
	}
}

// TestPrecomputed checks the values worked out when the file is loaded:
// per location, per product, and which locations a rule permits.
func TestPrecomputed(t *testing.T) {
	s, err := rules.Load("../rules.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]rules.Rule{}
	for _, r := range s.Candidates() {
		byName[r.Name] = r
	}
	// Locations: dc-utrecht (hazmat), dc-antwerp, store-amsterdam.
	permits := func(name string) []bool {
		r := byName[name]
		var out []bool
		for i := range s.Locations() {
			out = append(out, r.Permits(i))
		}
		return out
	}
	tests := []struct {
		rule string
		want []bool
	}{
		{"hazardous goods only from hazmat sites", []bool{true, false, false}},
		{"big Belgian lines not from stores", []bool{true, true, false}},
		{"store-only gifts from the store", []bool{false, false, true}},
		{"bol.com orders not from stores", []bool{true, true, false}},
	}
	for _, tt := range tests {
		if got := permits(tt.rule); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s permits %v, want %v", tt.rule, got, tt.want)
		}
	}
	haz := byName["hazardous goods only from hazmat sites"].When
	// Products: HAZ-*, SOFA-*, GIFT-*, *, then none.
	for p, want := range []bool{true, false, false, false, false} {
		if got := haz.ForProduct(p); got != want {
			t.Errorf("hazardous for product %d = %v, want %v", p, got, want)
		}
	}
	points := s.Scoring().Rules[0].Points
	for i, want := range []float64{0, 0, 5} {
		if got := points.AtLocation(i); got != want {
			t.Errorf("points at location %d = %v, want %v", i, got, want)
		}
	}
}
