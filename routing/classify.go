package routing

import "github.com/ordo-oms/ordo/rules"

// evalKind is how the engine finds the value of a condition for an order,
// from the cheapest to the dearest.
type evalKind uint8

const (
	always     evalKind = iota // no condition
	byLocation                 // from the location alone, precomputed
	byProduct                  // from the line's product alone, precomputed
	byOrder                    // once per order
	byLine                     // once per line
	byBoth                     // per location, and per line if it uses line
)

// condition is a rule condition with how to evaluate it.
type condition struct {
	x     *rules.Expr
	kind  evalKind
	index int // into Engine.perOrder or Engine.perLine
}

// perLocation reports whether the condition's value depends on the
// location.
func (c condition) perLocation() bool { return c.kind == byLocation || c.kind == byBoth }

// candidateRule is a candidate rule as the engine applies it.
type candidateRule struct {
	*rules.Rule
	index      int
	when       condition
	perLine    bool
	dynRequire bool // Require depends on the order or the line
}

// scoreRule is a score rule as the engine applies it.
type scoreRule struct {
	name   string
	when   condition
	points *rules.Expr
}

func (e *Engine) classifyRules() {
	cands := e.set.Candidates()
	for i := range cands {
		r := &cands[i]
		e.rules = append(e.rules, candidateRule{Rule: r, index: i,
			when:       e.condition(r.When, r.Name),
			perLine:    r.PerLine(),
			dynRequire: r.Require != nil && !r.Require.LocationOnly()})
	}
	for _, r := range e.set.Scoring().Rules {
		e.score = append(e.score, scoreRule{name: r.Name, when: e.condition(r.When, r.Name),
			points: r.Points})
	}
}

// condition classifies x, giving each distinct condition evaluated per
// order or per line one slot, so that rules sharing a condition share its
// evaluation.
func (e *Engine) condition(x *rules.Expr, rule string) condition {
	switch {
	case x == nil:
		return condition{kind: always}
	case x.LocationOnly():
		return condition{x: x, kind: byLocation}
	case x.ProductOnly():
		return condition{x: x, kind: byProduct}
	case x.Uses()&rules.VarLocation != 0:
		return condition{x: x, kind: byBoth}
	case x.Uses()&rules.VarLine != 0:
		return condition{x: x, kind: byLine, index: slot(&e.perLine, x, rule)}
	}
	return condition{x: x, kind: byOrder, index: slot(&e.perOrder, x, rule)}
}

// shared is a condition evaluated once for all the rules that share its
// text, with the name of the first, for errors.
type shared struct {
	x    *rules.Expr
	rule string
}

// slot returns the index of the condition with x's text in list, adding x
// for rule when there is none.
func slot(list *[]shared, x *rules.Expr, rule string) int {
	for i, y := range *list {
		if y.x.String() == x.String() {
			return i
		}
	}
	*list = append(*list, shared{x, rule})
	return len(*list) - 1
}
