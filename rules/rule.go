package rules

// Rule is a candidate rule: when its condition holds for an order, or for
// one of its lines, the locations that do not meet its requirement may not
// ship the order, or that line.
type Rule struct {
	// Name says what the rule is for, in a planner's words; explanations
	// quote it.
	Name string
	// When is the condition under which the rule applies, or nil when it
	// applies to every order.
	When *Expr
	// Require is what a location must meet, or nil.
	Require *Expr
	// Only lists the only locations allowed, or is empty.
	Only []string
	// Never lists locations that are not allowed.
	Never []string

	permits []bool // by location index
}

// PerLine reports whether the rule applies line by line: its expressions
// use line, and it excludes a location for the lines it matches only.
func (r *Rule) PerLine() bool {
	return r.When.Uses()&VarLine != 0 || r.Require.Uses()&VarLine != 0
}

// Permits reports whether the location with index i in Set.Locations meets
// the parts of the rule that depend on the location alone: Only, Never,
// and Require when it is LocationOnly. A Require that uses the order or the
// line is not part of the answer.
func (r *Rule) Permits(i int) bool { return r.permits[i] }

// ScoreRule adds points to each candidate location's score, lowering the
// preference for it, when its condition holds.
type ScoreRule struct {
	// Name says what the rule is for, in a planner's words.
	Name string
	// When is the condition under which the rule applies, or nil.
	When *Expr
	// Points is the number of points, which may use the order and the
	// location; a negative number makes the location more attractive.
	Points *Expr
}
