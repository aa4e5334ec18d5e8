package rules

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/rules/calendar"

	"github.com/ordo-oms/ordo/yamlfile"
)

// checker turns a decoded file into a Set, collecting every problem with
// its place.
type checker struct {
	*places
	lines    []string // of the file, to place errors in block expressions
	problems []Problem
	currency string
	exprs    []placedExpr // every expression compiled, with its path
}

type placedExpr struct {
	x    *Expr
	path string
}

func newChecker(pl *places, data []byte, problems []Problem) *checker {
	return &checker{places: pl, lines: strings.Split(string(data), "\n"),
		problems: problems}
}

// problem reports a problem with the setting at path, placed where it is
// in the file or, when it is not there, where the nearest setting holding
// it is. A problem with a value already reported for its shape is left
// out, as it would only repeat that report.
func (c *checker) problem(path, format string, args ...any) {
	if c.underBad(path) {
		return
	}
	line, col := c.place(path)
	c.problems = append(c.problems, Problem{Line: line, Column: col, Field: path,
		Message: fmt.Sprintf(format, args...)})
}

// keyProblem reports a problem with a key of the user's choosing, placed
// at the key.
func (c *checker) keyProblem(path, format string, args ...any) {
	if k := c.keys[path]; k != nil && !c.underBad(path) {
		c.problems = append(c.problems, Problem{Line: k.Line, Column: k.Column, Field: path,
			Message: fmt.Sprintf(format, args...)})
		return
	}
	c.problem(path, format, args...)
}

func (c *checker) underBad(path string) bool {
	for _, b := range c.bad {
		if path == b || strings.HasPrefix(path, b+".") || strings.HasPrefix(path, b+"[") {
			return true
		}
	}
	return false
}

// place returns the line and column of the setting at path, or of the
// nearest setting that holds it.
func (c *checker) place(path string) (int, int) {
	for p := path; p != ""; p = parentPath(p) {
		if n := c.nodes[p]; n != nil {
			return n.Line, n.Column
		}
	}
	return 0, 0
}

// parentPath returns the path of the setting that holds the one at path:
// locations[1] for locations[1].id, locations for locations[1].
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// missing reports a required setting that is not there.
func (c *checker) missing(path, what string) {
	c.problem(path, "missing: %s", what)
}

// expr compiles the expression at path, which may use the allowed
// variables, and reports what is wrong with it at its place, adding the
// column expr gives to the column of the value. It returns nil for an
// empty or a bad expression.
func (c *checker) expr(path, src string, want result, allowed Vars) *Expr {
	if strings.TrimSpace(src) == "" {
		return nil
	}
	x, err := compileExpr(src, want, allowed)
	if err == nil {
		c.exprs = append(c.exprs, placedExpr{x, path})
		return x
	}
	if c.underBad(path) {
		return nil
	}
	line, col := c.exprPlace(path, err)
	c.problems = append(c.problems, Problem{Line: line, Column: col, Field: path,
		Message: err.msg})
	return nil
}

// exprPlace returns where in the file an error in the expression at path
// is: exact for an expression on one line, quoted or not, and for one in a
// literal block (|); else at the start of the value.
func (c *checker) exprPlace(path string, err *exprError) (int, int) {
	n := c.nodes[path]
	if n == nil || err.line == 0 {
		return c.place(path)
	}
	switch {
	case n.Style == yaml.LiteralStyle && n.Line < len(c.lines):
		// The block's indentation is that of its first line, which
		// follows the line of the | indicator.
		first := c.lines[n.Line]
		indent := len(first) - len(strings.TrimLeft(first, " "))
		return n.Line + err.line, indent + 1 + err.column
	case strings.Contains(n.Value, "\n") || err.line != 1:
	case n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle:
		return n.Line, n.Column + 1 + err.column
	case n.Style == 0:
		return n.Line, n.Column + err.column
	}
	return n.Line, n.Column
}

var idPattern = regexp.MustCompile(`^[a-z0-9-]+$`)

// id checks an id that must be present, well formed and unique among
// those in seen, and records it there.
func (c *checker) id(path, id, what string, seen map[string]string) {
	switch {
	case id == "":
		c.missing(path, fmt.Sprintf("every %s needs an id", what))
	case !idPattern.MatchString(id):
		c.problem(path, "%q is not an id: use lower-case letters, digits and hyphens", id)
	case seen[id] != "":
		c.problem(path, "%s %q is defined twice; it is also at %s", what, id, seen[id])
	default:
		seen[id] = path
	}
}

// amount reads a cost written as a decimal number in the rule set's
// currency, such as 4.95, into minor units.
func (c *checker) amount(path, s string) int64 {
	if s == "" {
		return 0
	}
	v, err := order.ParseAmount(s, c.currency)
	switch {
	case err != nil:
		c.problem(path, "%q is not an amount of %s such as 4.95", s, c.currencyName())
	case v < 0:
		c.problem(path, "%s is negative; a cost cannot be", s)
	}
	return max(v, 0)
}

func (c *checker) currencyName() string {
	if c.currency == "" {
		return "the rule set's currency"
	}
	return c.currency
}

// notNegative checks a number that cannot be negative.
func (c *checker) notNegative(path string, v float64) {
	if v < 0 {
		c.problem(path, "%v is negative; it cannot be", v)
	}
}

// country checks an ISO 3166-1 alpha-2 country code.
func (c *checker) country(path, code string) bool {
	if order.IsCountry(code) {
		return true
	}
	c.problem(path, "%q is not an ISO 3166-1 alpha-2 country code such as NL", code)
	return false
}

// dates reads a list of dates.
func (c *checker) dates(path string, list []string) []calendar.Date {
	var out []calendar.Date
	for i, s := range list {
		d, err := calendar.ParseDate(s)
		if err != nil {
			c.problem(fmt.Sprintf("%s[%d]", path, i),
				"%q is not a date written as YYYY-MM-DD, such as 2026-12-25", s)
			continue
		}
		out = append(out, d)
	}
	return out
}

// weekdays reads a list of days of the week and ranges of them, and
// reports a day named twice.
func (c *checker) weekdays(path string, list []string,
	seen map[time.Weekday]string) []time.Weekday {
	var out []time.Weekday
	for i, s := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		days, err := calendar.ParseWeekdays(s)
		if err != nil {
			c.problem(p, "%q is not a day of the week (mon, tue, wed, thu, fri, sat, "+
				"sun) or a range of them such as mon-fri", s)
			continue
		}
		for _, d := range days {
			if other, dup := seen[d]; dup {
				c.problem(p, "%s is named twice; it is also in %s", calendar.WeekdayName(d), other)
				continue
			}
			seen[d] = p
			out = append(out, d)
		}
	}
	return out
}

// duration reads a duration such as 15m, or returns def for none.
func (c *checker) duration(path, s string, def time.Duration) time.Duration {
	if s == "" {
		return def
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		c.problem(path, "%q is not a duration such as 15m or 1h30m", s)
	case d < 0:
		c.problem(path, "%s is negative; it cannot be", s)
	}
	return max(d, 0)
}

// oneOf checks that v is one of the allowed words.
func (c *checker) oneOf(path, v string, allowed []string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	msg := fmt.Sprintf("%q is not one of %s", v, strings.Join(allowed, ", "))
	if best := yamlfile.Closest(v, allowed); best != "" {
		msg += fmt.Sprintf("; did you mean %s?", best)
	}
	c.problem(path, "%s", msg)
	return false
}
