package rules

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
)

// Vars is a set of the variables an expression uses.
type Vars uint8

// The variables of Env.
const (
	VarOrder Vars = 1 << iota
	VarLine
	VarLocation
)

// Expr is a rule expression, compiled once and checked against Env. The
// rule set precomputes the value of an expression that depends on nothing
// but the location, for each location, and of one that depends on nothing
// but the line's product, for each product.
type Expr struct {
	source      string
	program     *vm.Program
	want        result
	vars        Vars
	productOnly bool
	fast        boolFn // the condition compiled to Go, or nil

	atLocation []float64 // by location index, when vars is VarLocation or none
	forProduct []bool    // by product index, last for no product, when productOnly
}

// String returns the expression as written.
func (x *Expr) String() string { return x.source }

// Uses returns the variables the expression uses; none for a nil Expr.
func (x *Expr) Uses() Vars {
	if x == nil {
		return 0
	}
	return x.vars
}

// LocationOnly reports whether the expression uses no variable but
// location, so that AtLocation holds its value.
func (x *Expr) LocationOnly() bool { return x.vars&^VarLocation == 0 }

// ProductOnly reports whether the expression uses nothing but line.tags
// and line.unit_weight_g, so that ForProduct holds its value.
func (x *Expr) ProductOnly() bool { return x.productOnly }

// AtLocation returns the value of a LocationOnly expression at the location
// with index i in Set.Locations, as a number: 1 or 0 for a condition.
func (x *Expr) AtLocation(i int) float64 { return x.atLocation[i] }

// ForProduct returns the value of a ProductOnly condition for a line of
// the product with index p in Set.Products, or, with p equal to the number
// of products, for a line that no product entry matches.
func (x *Expr) ForProduct(p int) bool { return x.forProduct[p] }

// Bool runs a condition in env on machine m, which the caller may reuse
// but not share between goroutines.
func (x *Expr) Bool(m *vm.VM, env *Env) (bool, error) {
	if x.fast != nil {
		return x.fast(env), nil
	}
	out, err := x.run(m, env)
	b, _ := out.(bool)
	return b, err
}

// Number runs a score expression in env on machine m, which the caller may
// reuse but not share between goroutines.
func (x *Expr) Number(m *vm.VM, env *Env) (float64, error) {
	out, err := x.run(m, env)
	f, _ := out.(float64)
	return f, err
}

// run runs the expression on the machine. A failure is an *EvalError.
func (x *Expr) run(m *vm.VM, env *Env) (any, error) {
	out, err := m.Run(x.program, env)
	if err != nil {
		return nil, &EvalError{Expr: x.source, err: toExprError(err)}
	}
	return out, nil
}

// EvalError is the failure of an expression at run time, such as an index
// out of range.
type EvalError struct {
	// Expr is the expression as written.
	Expr string
	err  *exprError
}

// Error says what failed, as "rules: EXPR: MESSAGE at column N".
func (e *EvalError) Error() string { return "rules: " + e.Reason() }

// Reason says what failed without the package name, as "EXPR: MESSAGE at
// column N"; the column counts from 1 in the expression's line.
func (e *EvalError) Reason() string {
	if e.err.line == 0 {
		return fmt.Sprintf("%s: %s", e.Expr, e.err.msg)
	}
	return fmt.Sprintf("%s: %s at column %d", e.Expr, e.err.msg, e.err.column+1)
}

// result is what an expression must return.
type result int

const (
	asBool result = iota
	asNumber
)

// exprError is a failure to compile an expression, with the place in the
// expression's text where expr found it when it did.
type exprError struct {
	line, column int // from 1 and 0; line 0 when not known
	msg          string
}

// compileExpr compiles and checks src. Variables the expression may not use
// are reported as an error naming them.
func compileExpr(src string, want result, allowed Vars) (*Expr, *exprError) {
	opts := []expr.Option{expr.Env(Env{}), expr.DisableBuiltin("now")}
	if want == asBool {
		opts = append(opts, expr.AsBool())
	} else {
		opts = append(opts, expr.AsFloat64())
	}
	program, err := expr.Compile(src, opts...)
	if err != nil {
		return nil, toExprError(err)
	}
	x := &Expr{source: src, program: program, want: want}
	x.vars, x.productOnly = usage(program.Node())
	if want == asBool {
		x.fast = fastBool(program.Node())
	}
	if extra := x.vars &^ allowed; extra != 0 {
		return nil, &exprError{msg: fmt.Sprintf("%s cannot be used here; this expression "+
			"may use %s", extra, allowedWords(allowed))}
	}
	return x, nil
}

func toExprError(err error) *exprError {
	var ferr *file.Error
	if !errors.As(err, &ferr) {
		return &exprError{msg: reword(err.Error())}
	}
	return &exprError{line: ferr.Line, column: ferr.Column, msg: reword(ferr.Message)}
}

var (
	noField   = regexp.MustCompile(`^type rules\.(\w+)Facts has no field (\w+)$`)
	wrongType = regexp.MustCompile(`^expected (bool|float64), but got (.+)$`)
)

// reword puts the messages of expr that name Go types in the words of the
// rule set, and suggests the field meant.
func reword(msg string) string {
	if m := wrongType.FindStringSubmatch(msg); m != nil {
		want := map[string]string{"bool": "true or false", "float64": "a number"}[m[1]]
		return fmt.Sprintf("the expression must give %s, but gives %s", want, m[2])
	}
	m := noField.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	names := map[string]any{"Order": OrderFacts{}, "Line": LineFacts{},
		"Location": LocationFacts{}}
	v := strings.ToLower(m[1])
	return fmt.Sprintf("%s has no field %s%s", v, m[2], didYouMean(m[2], exprNames(names[m[1]])))
}

// usage returns the variables the expression tree uses, and whether it uses
// nothing but the product's facts of line.
func usage(root ast.Node) (Vars, bool) {
	u := &usageVisitor{}
	ast.Walk(&root, u)
	productOnly := u.vars == VarLine && u.lineIdents == u.productFields
	return u.vars, productOnly
}

type usageVisitor struct {
	vars          Vars
	lineIdents    int // uses of the identifier line
	productFields int // of which line.tags or line.unit_weight_g
}

// Visit counts the variables and the line fields node n uses.
func (u *usageVisitor) Visit(n *ast.Node) {
	switch n := (*n).(type) {
	case *ast.IdentifierNode:
		switch n.Value {
		case "order":
			u.vars |= VarOrder
		case "line":
			u.vars |= VarLine
			u.lineIdents++
		case "location":
			u.vars |= VarLocation
		}
	case *ast.MemberNode:
		id, ok := n.Node.(*ast.IdentifierNode)
		prop, isName := n.Property.(*ast.StringNode)
		if ok && isName && id.Value == "line" && productFields[prop.Value] {
			u.productFields++
		}
	}
}

// String names the variables in v, such as "order and line".
func (v Vars) String() string {
	var names []string
	for _, x := range []struct {
		v    Vars
		name string
	}{{VarOrder, "order"}, {VarLine, "line"}, {VarLocation, "location"}} {
		if v&x.v != 0 {
			names = append(names, x.name)
		}
	}
	switch len(names) {
	case 0:
		return "no variable"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func allowedWords(v Vars) string {
	if v == 0 {
		return "no variable"
	}
	return "only " + strings.ReplaceAll(v.String(), " and ", " or ")
}
