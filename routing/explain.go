package routing

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/order"
)

// Explain writes the decision in words for a planner: the order, the
// outcome and its parts, the rules that matched, and for every location
// why it was excluded or how it scored.
func (d Decision) Explain() string {
	x := &d.Explanation
	w := &writer{currency: x.Currency}
	o := x.Order
	w.line("Order %s (channel %s, oms id %s): %s, %s, %s, %s to %s, carrier %s.",
		o.OrderID, o.Channel, o.OMSOrderID, plural(o.Lines, "line"),
		plural(int(o.Units), "unit"), kg(o.WeightG), o.Method, placeName(o.Country, o.Region),
		o.Carrier)
	w.line("Decided %s with rules %s.", stamp(d.DecidedAt), d.RulesVersion)
	w.line("Outcome: %s; %s.", d.Outcome, w.plan(d))
	for k, p := range d.Parts {
		w.part(k, p)
		if len(d.Parts) > 1 && k < len(x.Chosen) {
			w.line("      %s points: %s", points(x.Chosen[k].Total), w.scoreText(x.Chosen[k]))
		}
	}
	if len(d.Parts) > 0 {
		w.line("Ship by %s; delivered %s.", stamp(d.ShipBy), day(d.ETA))
	}
	if len(d.Backordered) > 0 {
		w.line("Backordered: %s.", lineList(d.Backordered))
	}
	w.matched(x.Matched)
	w.line("Locations:")
	for _, c := range x.Candidates {
		w.candidate(c, x)
	}
	for _, e := range x.Errors {
		w.line("Error: %s", e)
	}
	return w.String()
}

// writer writes an explanation line by line.
type writer struct {
	strings.Builder
	currency string
}

func (w *writer) line(format string, args ...any) {
	fmt.Fprintf(w, format, args...)
	w.WriteByte('\n')
}

func (w *writer) money(minor int64) string {
	return order.FormatAmount(minor, w.currency) + " " + w.currency
}

// plan says in words how the parts were arrived at.
func (w *writer) plan(d Decision) string {
	x := &d.Explanation
	n := plural(len(d.Parts), "part")
	switch x.Plan {
	case PlanWhole:
		wholes := wholeCount(x)
		if wholes == 0 {
			return "one shipment"
		}
		return fmt.Sprintf("one shipment from the best-scored of %s that can ship "+
			"the whole order", plural(wholes, "location"))
	case PlanSplit:
		return fmt.Sprintf("split in %s, as no single location can ship the whole order", n)
	case PlanSplitSooner:
		for _, c := range x.Candidates {
			if c.Rank == 1 {
				return fmt.Sprintf("split in %s, as the best location that can ship "+
					"the whole order, %s, dispatches %s after the parts would",
					n, c.Location, plural(c.Score.DelayDays-latestDelay(x), "day"))
			}
		}
	case PlanPartial:
		return fmt.Sprintf("ships what it can in %s and backorders the rest", n)
	case PlanWait:
		return "ships nothing yet: some lines are not in stock and the rules say to wait"
	}
	return "ships nothing: no location may ship any of it"
}

// wholeCount is the number of locations that could ship the whole order.
func wholeCount(x *Explanation) int {
	n := 0
	for _, c := range x.Candidates {
		if c.Whole {
			n++
		}
	}
	return n
}

// latestDelay is the delay of the part that dispatches last.
func latestDelay(x *Explanation) int {
	late := 0
	for _, s := range x.Chosen {
		late = max(late, s.DelayDays)
	}
	return late
}

// part writes one part; its score follows for a split, as the locations'
// scores are for the whole order.
func (w *writer) part(k int, p Part) {
	w.line("  Part %d: %s ships %s, %s, with %s; leaves %s, delivered %s; shipping %s.",
		k+1, p.Location, lineList(p.Lines), kg(p.WeightG), p.Carrier, stamp(p.ShipBy),
		day(p.ETA), w.money(p.ShippingCost))
}

func (w *writer) matched(ms []Match) {
	if len(ms) == 0 {
		w.line("No rule matched.")
		return
	}
	w.line("Rules that matched:")
	for _, m := range ms {
		if m.Line != "" {
			w.line("  - %s: %q, for line %s", m.Kind, m.Rule, m.Line)
		} else {
			w.line("  - %s: %q", m.Kind, m.Rule)
		}
	}
}

func (w *writer) candidate(c Candidate, x *Explanation) {
	var head []string
	if c.Rank > 0 {
		head = append(head, fmt.Sprintf("rank %d of %d, %s points", c.Rank, wholeCount(x),
			points(c.Score.Total)))
	}
	if !c.Dispatch.IsZero() {
		head = append(head, "leaves "+stamp(c.Dispatch))
	}
	if c.Whole {
		head = append(head, "with "+c.Score.Carrier)
	}
	var reasons []string
	for _, e := range c.Excluded {
		if e.Reason != NoStock {
			reasons = append(reasons, exclusionText(e, x.Order))
		}
	}
	for _, m := range x.Matched {
		if !slices.Contains(m.Excluded, c.Location) {
			continue
		}
		if m.Line != "" {
			reasons = append(reasons, fmt.Sprintf("rule %q for line %s", m.Rule, m.Line))
		} else {
			reasons = append(reasons, fmt.Sprintf("rule %q", m.Rule))
		}
	}
	for _, e := range c.Excluded {
		if e.Reason == NoStock {
			reasons = append(reasons, exclusionText(e, x.Order))
		}
	}
	if len(reasons) > 0 {
		head = append(head, "excluded: "+strings.Join(reasons, "; "))
	}
	w.line("  %s: %s", c.Location, strings.Join(head, "; "))
	if c.Whole {
		w.line("      %s", w.scoreText(*c.Score))
	}
}

// scoreText shows each criterion's measure and points.
func (w *writer) scoreText(s Score) string {
	p := s.Points
	return strings.Join([]string{
		fmt.Sprintf("ship delay %s: %s", plural(s.DelayDays, "day"), points(p.ShipDelay)),
		fmt.Sprintf("cost %s: %s", w.money(s.ShippingCost), points(p.Cost)),
		fmt.Sprintf("unit cost %s: %s", w.money(s.UnitCost), points(p.Margin)),
		fmt.Sprintf("zone %d: %s", s.Zone, points(p.Zone)),
		fmt.Sprintf("stock depth %d: %s", s.StockDepth, points(p.StockDepth)),
		fmt.Sprintf("load %s%%: %s", points(s.LoadPercent), points(p.Load)),
		fmt.Sprintf("rules: %s", points(p.Rules)),
	}, "; ")
}

func exclusionText(e Exclusion, o OrderSummary) string {
	switch e.Reason {
	case NoCountry:
		return "does not ship to " + o.Country
	case NoRegion:
		if o.Region == "" {
			return "ships to some regions of " + o.Country + " only, and the order " +
				"names no region"
		}
		return "does not ship to region " + o.Region + " of " + o.Country
	case NoMethod:
		return "does not offer " + o.Method
	case NoCarrier:
		return fmt.Sprintf("no carrier here that the order may use delivers %s to %s",
			o.Method, o.Country)
	case TooHeavy:
		return "too heavy for every rate of its carriers"
	case NoStock:
		return fmt.Sprintf("has %d of the %d %s of line %s", e.Available, e.Needed, e.SKU, e.Line)
	}
	return string(e.Reason)
}

func lineList(lines []LineQty) string {
	parts := make([]string, len(lines))
	for k, l := range lines {
		parts[k] = fmt.Sprintf("line %s %d× %s", l.LineID, l.Quantity, l.SKU)
	}
	return strings.Join(parts, ", ")
}

func placeName(country, region string) string {
	if region == "" {
		return country
	}
	return country + "-" + region
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func kg(g int64) string {
	return strconv.FormatFloat(float64(g)/1000, 'f', -1, 64) + " kg"
}

func points(p float64) string {
	return strconv.FormatFloat(p+0, 'f', 2, 64) // + 0 turns -0 into 0
}

func stamp(t time.Time) string { return t.Format("Mon 2006-01-02 15:04 MST") }

func day(t time.Time) string { return t.Format("Mon 2006-01-02") }
