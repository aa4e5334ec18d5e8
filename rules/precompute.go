package rules

import (
	"errors"
	"fmt"
	"slices"

	"github.com/expr-lang/expr/vm"
)

// precompute works out, once, the value of every expression that depends
// only on the location, for each location, and of every condition that
// depends only on the line's product, for each product; and which
// locations each candidate rule permits from the location alone. An
// expression that fails on one of them is a problem in the file.
func (c *checker) precompute(s *Set) {
	var m vm.VM
	facts := make([]LocationFacts, len(s.locations))
	for i := range s.locations {
		facts[i] = s.locations[i].Facts()
	}
	for _, pe := range c.exprs {
		x := pe.x
		if x.LocationOnly() {
			x.atLocation = make([]float64, len(facts))
			for i := range facts {
				v, err := x.value(&m, &Env{Location: facts[i]})
				if err != nil {
					c.evalProblem(pe.path, "location "+facts[i].ID, err)
				}
				x.atLocation[i] = v
			}
		}
		if x.productOnly {
			x.forProduct = make([]bool, len(s.products)+1)
			for p := range x.forProduct {
				var line LineFacts
				if p < len(s.products) {
					line = LineFacts{Tags: s.products[p].Tags, UnitWeightG: s.products[p].WeightG}
				}
				ok, err := x.Bool(&m, &Env{Line: line})
				if err != nil {
					c.evalProblem(pe.path, "product "+productName(s, p), err)
				}
				x.forProduct[p] = ok
			}
		}
	}
	for i := range s.candidates {
		r := &s.candidates[i]
		r.permits = make([]bool, len(s.locations))
		for j, l := range s.locations {
			r.permits[j] = (len(r.Only) == 0 || slices.Contains(r.Only, l.ID)) &&
				!slices.Contains(r.Never, l.ID) &&
				(r.Require == nil || !r.Require.LocationOnly() || r.Require.AtLocation(j) != 0)
		}
	}
}

func productName(s *Set, p int) string {
	if p == len(s.products) {
		return "(none)"
	}
	return s.products[p].Pattern
}

// value runs x as a number; a condition that holds is 1, one that does not
// is 0.
func (x *Expr) value(m *vm.VM, env *Env) (float64, error) {
	if x.want == asNumber {
		return x.Number(m, env)
	}
	ok, err := x.Bool(m, env)
	if ok {
		return 1, err
	}
	return 0, err
}

// evalProblem reports an expression that fails when it is worked out for
// one location or product, at the place in the expression it failed.
func (c *checker) evalProblem(path, what string, err error) {
	e := &exprError{msg: err.Error()}
	var eval *EvalError
	if errors.As(err, &eval) {
		e = eval.err
	}
	line, col := c.exprPlace(path, e)
	c.problems = append(c.problems, Problem{Line: line, Column: col, Field: path,
		Message: fmt.Sprintf("fails for %s: %s", what, e.msg)})
}
