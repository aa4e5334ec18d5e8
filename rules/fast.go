package rules

import (
	"strings"

	"github.com/expr-lang/expr/ast"
)

// A condition of the common shapes — fields compared with constants,
// membership with in, and these joined with &&, || and ! — is also
// compiled into Go functions over Env, which run in a few nanoseconds
// without allocating, where the expr machine takes a few hundred. The
// expression has been type-checked by expr already; any shape not handled
// here is left to the machine, and both give the same answers (fast_test.go
// holds them to that).

type (
	boolFn  func(*Env) bool
	strFn   func(*Env) string
	intFn   func(*Env) int64
	floatFn func(*Env) float64
	listFn  func(*Env) []string
)

// The fields of Env, by variable and name, for each type.
var (
	strFields = map[string]strFn{
		"order.id":         func(e *Env) string { return e.Order.ID },
		"order.channel":    func(e *Env) string { return e.Order.Channel },
		"order.country":    func(e *Env) string { return e.Order.Country },
		"order.region":     func(e *Env) string { return e.Order.Region },
		"order.postcode":   func(e *Env) string { return e.Order.Postcode },
		"order.method":     func(e *Env) string { return e.Order.Method },
		"order.carrier":    func(e *Env) string { return e.Order.Carrier },
		"order.priority":   func(e *Env) string { return e.Order.Priority },
		"order.payment":    func(e *Env) string { return e.Order.Payment },
		"order.currency":   func(e *Env) string { return e.Order.Currency },
		"line.id":          func(e *Env) string { return e.Line.ID },
		"line.sku":         func(e *Env) string { return e.Line.SKU },
		"line.variant":     func(e *Env) string { return e.Line.Variant },
		"line.kind":        func(e *Env) string { return e.Line.Kind },
		"location.id":      func(e *Env) string { return e.Location.ID },
		"location.kind":    func(e *Env) string { return e.Location.Kind },
		"location.country": func(e *Env) string { return e.Location.Country },
	}
	intFields = map[string]intFn{
		"order.units":        func(e *Env) int64 { return e.Order.Units },
		"order.weight_g":     func(e *Env) int64 { return e.Order.WeightG },
		"line.qty":           func(e *Env) int64 { return e.Line.Qty },
		"line.unit_weight_g": func(e *Env) int64 { return e.Line.UnitWeightG },
		"line.weight_g":      func(e *Env) int64 { return e.Line.WeightG },
	}
	floatFields = map[string]floatFn{
		"order.total":     func(e *Env) float64 { return e.Order.Total },
		"line.unit_price": func(e *Env) float64 { return e.Line.UnitPrice },
	}
	listFields = map[string]listFn{
		"order.tags":        func(e *Env) []string { return e.Order.Tags },
		"order.line_tags":   func(e *Env) []string { return e.Order.LineTags },
		"line.tags":         func(e *Env) []string { return e.Line.Tags },
		"location.tags":     func(e *Env) []string { return e.Location.Tags },
		"location.methods":  func(e *Env) []string { return e.Location.Methods },
		"location.carriers": func(e *Env) []string { return e.Location.Carriers },
	}
)

// fastBool compiles a checked condition, or returns nil for a shape it
// does not handle.
func fastBool(n ast.Node) boolFn {
	switch n := n.(type) {
	case *ast.BoolNode:
		v := n.Value
		return func(*Env) bool { return v }
	case *ast.UnaryNode:
		if f := fastBool(n.Node); f != nil && (n.Operator == "!" || n.Operator == "not") {
			return func(e *Env) bool { return !f(e) }
		}
	case *ast.BinaryNode:
		return fastBinary(n)
	}
	return nil
}

func fastBinary(n *ast.BinaryNode) boolFn {
	switch n.Operator {
	case "&&", "and", "||", "or":
		l, r := fastBool(n.Left), fastBool(n.Right)
		switch {
		case l == nil || r == nil:
			return nil
		case n.Operator == "&&" || n.Operator == "and":
			return func(e *Env) bool { return l(e) && r(e) }
		}
		return func(e *Env) bool { return l(e) || r(e) }
	case "in":
		return fastIn(n)
	case "startsWith", "endsWith", "contains":
		return fastStrings(n)
	}
	if f := fastCompareStrings(n); f != nil {
		return f
	}
	return fastCompareNumbers(n)
}

// fastIn compiles a string in a list field or in a list of constants.
func fastIn(n *ast.BinaryNode) boolFn {
	s := fastStr(n.Left)
	if s == nil {
		return nil
	}
	if list := fastList(n.Right); list != nil {
		return func(e *Env) bool {
			v := s(e)
			for _, x := range list(e) {
				if x == v {
					return true
				}
			}
			return false
		}
	}
	if c, ok := n.Right.(*ast.ConstantNode); ok {
		if set, ok := c.Value.(map[string]struct{}); ok {
			return func(e *Env) bool { _, in := set[s(e)]; return in }
		}
	}
	return nil
}

func fastStrings(n *ast.BinaryNode) boolFn {
	l, r := fastStr(n.Left), fastStr(n.Right)
	if l == nil || r == nil {
		return nil
	}
	op := map[string]func(string, string) bool{"startsWith": strings.HasPrefix,
		"endsWith": strings.HasSuffix, "contains": strings.Contains}[n.Operator]
	return func(e *Env) bool { return op(l(e), r(e)) }
}

func fastCompareStrings(n *ast.BinaryNode) boolFn {
	l, r := fastStr(n.Left), fastStr(n.Right)
	if l == nil || r == nil {
		return nil
	}
	switch n.Operator {
	case "==":
		return func(e *Env) bool { return l(e) == r(e) }
	case "!=":
		return func(e *Env) bool { return l(e) != r(e) }
	case "<":
		return func(e *Env) bool { return l(e) < r(e) }
	case "<=":
		return func(e *Env) bool { return l(e) <= r(e) }
	case ">":
		return func(e *Env) bool { return l(e) > r(e) }
	case ">=":
		return func(e *Env) bool { return l(e) >= r(e) }
	}
	return nil
}

// fastCompareNumbers compiles a comparison of numbers: as whole numbers
// when both sides are, else as floating point, as expr does.
func fastCompareNumbers(n *ast.BinaryNode) boolFn {
	if l, r := fastInt(n.Left), fastInt(n.Right); l != nil && r != nil {
		return compare(n.Operator, l, r)
	}
	if l, r := fastFloat(n.Left), fastFloat(n.Right); l != nil && r != nil {
		return compare(n.Operator, l, r)
	}
	return nil
}

func compare[T int64 | float64](op string, l, r func(*Env) T) boolFn {
	switch op {
	case "==":
		return func(e *Env) bool { return l(e) == r(e) }
	case "!=":
		return func(e *Env) bool { return l(e) != r(e) }
	case "<":
		return func(e *Env) bool { return l(e) < r(e) }
	case "<=":
		return func(e *Env) bool { return l(e) <= r(e) }
	case ">":
		return func(e *Env) bool { return l(e) > r(e) }
	case ">=":
		return func(e *Env) bool { return l(e) >= r(e) }
	}
	return nil
}

// field returns "variable.name" for a member node of Env, or "".
func field(n ast.Node) string {
	m, ok := n.(*ast.MemberNode)
	if !ok || m.Optional {
		return ""
	}
	id, ok1 := m.Node.(*ast.IdentifierNode)
	prop, ok2 := m.Property.(*ast.StringNode)
	if !ok1 || !ok2 {
		return ""
	}
	return id.Value + "." + prop.Value
}

func fastStr(n ast.Node) strFn {
	if s, ok := n.(*ast.StringNode); ok {
		v := s.Value
		return func(*Env) string { return v }
	}
	return strFields[field(n)]
}

func fastInt(n ast.Node) intFn {
	if i, ok := n.(*ast.IntegerNode); ok {
		v := int64(i.Value)
		return func(*Env) int64 { return v }
	}
	return intFields[field(n)]
}

func fastFloat(n ast.Node) floatFn {
	if f, ok := n.(*ast.FloatNode); ok {
		v := f.Value
		return func(*Env) float64 { return v }
	}
	if f := floatFields[field(n)]; f != nil {
		return f
	}
	if i := fastInt(n); i != nil {
		return func(e *Env) float64 { return float64(i(e)) }
	}
	return nil
}

func fastList(n ast.Node) listFn {
	return listFields[field(n)]
}
