package rules

import (
	"fmt"
	"slices"
	"time"
)

const anyVar = VarOrder | VarLine | VarLocation

func (c *checker) candidates(defs []ruleDef, locations []Location) []Rule {
	var locIDs []string
	for _, l := range locations {
		locIDs = append(locIDs, l.ID)
	}
	var out []Rule
	seen := map[string]string{}
	for i, d := range defs {
		path := fmt.Sprintf("candidates[%d]", i)
		c.ruleName(path+".name", d.Name, seen)
		r := Rule{Name: d.Name,
			When:    c.expr(path+".when", d.When, asBool, anyVar),
			Require: c.expr(path+".require", d.Require, asBool, anyVar),
			Only:    c.locationIDs(path+".only", d.Only, locIDs),
			Never:   c.locationIDs(path+".never", d.Never, locIDs)}
		if d.Require == "" && len(d.Only) == 0 && len(d.Never) == 0 {
			c.missing(path+".require", "a rule needs require, only or never to say which "+
				"locations may ship")
		}
		out = append(out, r)
	}
	return out
}

// ruleName checks the name of a rule, which explanations quote and which
// must be unique among those in seen.
func (c *checker) ruleName(path, name string, seen map[string]string) {
	switch {
	case name == "":
		c.missing(path, "every rule needs a name that says what it is for")
	case seen[name] != "":
		c.problem(path, "the rule name %q is used twice; it is also at %s", name, seen[name])
	default:
		seen[name] = path
	}
}

func (c *checker) locationIDs(path string, list, known []string) []string {
	for i, id := range list {
		if !slices.Contains(known, id) {
			c.problem(fmt.Sprintf("%s[%d]", path, i), "unknown location %q%s", id,
				didYouMean(id, known))
		}
	}
	return list
}

func (c *checker) scoring(d scoringDef) Scoring {
	s := Scoring{ShipDelay: d.ShipDelay, Cost: d.Cost, Margin: d.Margin, Zone: d.Zone,
		StockDepth: d.StockDepth, Load: d.Load}
	for _, w := range []struct {
		key string
		v   float64
	}{{"ship_delay", d.ShipDelay}, {"cost", d.Cost}, {"margin", d.Margin},
		{"zone", d.Zone}, {"stock_depth", d.StockDepth}, {"load", d.Load}} {
		c.notNegative("scoring."+w.key, w.v)
	}
	seen := map[string]string{}
	for i, r := range d.Rules {
		path := fmt.Sprintf("scoring.rules[%d]", i)
		c.ruleName(path+".name", r.Name, seen)
		if r.Points == "" {
			c.missing(path+".points", "give the points the rule adds, such as 10 or "+
				"'location.kind == \"store\" ? 5 : 0'")
		}
		s.Rules = append(s.Rules, ScoreRule{Name: r.Name,
			When:   c.expr(path+".when", r.When, asBool, VarOrder|VarLocation),
			Points: c.expr(path+".points", r.Points, asNumber, VarOrder|VarLocation)})
	}
	return s
}

func (c *checker) split(d splitDef) Split {
	s := Split{Allow: c.expr("split.allow", d.Allow, asBool, VarOrder),
		MaxParts: d.MaxParts, MaxWaitDays: d.MaxWaitDays, Backorder: ShipPartial}
	switch {
	case d.MaxParts < 0 || (d.MaxParts == 0 && c.nodes["split.max_parts"] != nil):
		c.problem("split.max_parts", "%d is not a number of parts; it must be at least 1",
			d.MaxParts)
	case d.MaxParts == 0 && d.Allow != "":
		s.MaxParts = 2
	case d.MaxParts == 0:
		s.MaxParts = 1
	}
	if d.MaxWaitDays < 0 {
		c.problem("split.max_wait_days", "%d is negative; it cannot be", d.MaxWaitDays)
	}
	if d.Backorder != "" && c.oneOf("split.backorder", d.Backorder,
		[]string{string(ShipPartial), string(Wait)}) {
		s.Backorder = Backorder(d.Backorder)
	}
	return s
}

var defaultPriority = []Criterion{ByDeadline, ByOldestBackorder}

func (c *checker) priority(d priorityDef) Priority {
	p := Priority{VIP: c.expr("priority.vip", d.VIP, asBool, VarOrder)}
	if len(d.Order) == 0 {
		p.Order = defaultPriority
	}
	for i, name := range d.Order {
		path := fmt.Sprintf("priority.order[%d]", i)
		switch {
		case !c.oneOf(path, name, words(criteria)):
		case slices.Contains(p.Order, Criterion(name)):
			c.problem(path, "%s is listed twice", name)
		default:
			p.Order = append(p.Order, Criterion(name))
		}
	}
	if slices.Contains(p.Order, ByVIP) && d.VIP == "" {
		c.missing("priority.vip", "the vip criterion needs the condition that makes an "+
			"order a VIP's, such as '\"vip\" in order.tags'")
	}
	return p
}

func (c *checker) bundling(d bundlingDef) Bundling {
	return Bundling{Enabled: d.Enabled,
		Window:       c.duration("bundling.window", d.Window, 15*time.Minute),
		CutoffMargin: c.duration("bundling.cutoff_margin", d.CutoffMargin, 10*time.Minute)}
}
