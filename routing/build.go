package routing

import "github.com/ordo-oms/ordo/rules/calendar"

// decision writes down the plan as a Decision that shares no memory with
// s.
func (s *scratch) decision(plan Plan, splitAllowed bool) Decision {
	d := Decision{RulesVersion: s.e.set.Version(), DecidedAt: s.req.Now,
		Parts: []Part{}}
	ships := plan != PlanWait && plan != PlanNone
	if ships {
		s.writeParts(&d)
	}
	d.Backordered = s.backordered(plan)
	d.Unservable = s.unservable()
	switch {
	case !ships:
		d.Outcome = Backordered
	case len(d.Backordered) > 0:
		d.Outcome = Partial
	default:
		d.Outcome = Allocated
	}
	d.Explanation = s.explanation(plan, splitAllowed, ships)
	return d
}

// writeParts writes the planned parts into d, with their dates.
func (s *scratch) writeParts(d *Decision) {
	count := 0
	for _, p := range s.parts {
		for _, q := range p.take {
			if q > 0 {
				count++
			}
		}
	}
	lines := make([]LineQty, 0, count)
	d.Parts = make([]Part, len(s.parts))
	for k, p := range s.parts {
		start := len(lines)
		for j, q := range p.take {
			if q > 0 {
				l := s.lines[j].line
				lines = append(lines, LineQty{LineID: l.LineID, SKU: l.SKU, Quantity: q})
			}
		}
		loc, st := &s.e.locs[p.loc], &s.locs[p.loc]
		eta := p.option.carrier.Calendar.
			AddWorkingDays(calendar.DateOf(st.dispatch), p.option.transit).
			Midnight(loc.TimeZone)
		d.Parts[k] = Part{Location: loc.ID, Lines: lines[start:len(lines):len(lines)],
			Carrier: string(p.option.carrier.ID), ShipBy: st.dispatch, ETA: eta,
			ShippingCost: p.cost, WeightG: p.weightG}
		if st.dispatch.After(d.ShipBy) {
			d.ShipBy = st.dispatch
		}
		if eta.After(d.ETA) {
			d.ETA = eta
		}
	}
}

// backordered returns what does not ship: what the parts leave, or the
// whole order when nothing can ship.
func (s *scratch) backordered(plan Plan) []LineQty {
	out := []LineQty{}
	for j, rl := range s.lines {
		q := s.remaining[j]
		if plan == PlanNone {
			q = rl.line.Quantity
		}
		if q > 0 {
			out = append(out, LineQty{LineID: rl.line.LineID, SKU: rl.line.SKU, Quantity: q})
		}
	}
	return out
}

// unservable returns the lines no location may ship whatever its stock,
// or nil when there are none.
func (s *scratch) unservable() []LineQty {
	var out []LineQty
	for j, rl := range s.lines {
		if !s.servable[j] {
			out = append(out, LineQty{LineID: rl.line.LineID, SKU: rl.line.SKU,
				Quantity: rl.line.Quantity})
		}
	}
	return out
}

// explanation writes down why.
func (s *scratch) explanation(plan Plan, splitAllowed, ships bool) Explanation {
	o := s.req.Order
	x := Explanation{Currency: s.e.set.Currency(), Plan: plan, SplitAllowed: splitAllowed,
		Order: OrderSummary{OMSOrderID: o.OMSOrderID, Channel: o.ChannelID,
			OrderID: o.OrderID, Country: s.env.Order.Country, Region: s.env.Order.Region,
			Method: s.env.Order.Method, Carrier: s.env.Order.Carrier, Lines: len(s.lines),
			Units: s.env.Order.Units, WeightG: s.env.Order.WeightG}}
	x.Matched = s.matched()
	x.Candidates = s.candidates()
	x.Chosen = []Score{}
	if ships {
		x.Chosen = make([]Score, len(s.parts))
		for k, p := range s.parts {
			x.Chosen[k] = p.score
		}
	}
	x.Errors = append([]string(nil), s.errors...)
	return x
}

// candidates describes every location, with its exclusions grouped in
// the order they were found.
func (s *scratch) candidates() []Candidate {
	out := make([]Candidate, len(s.e.locs))
	// Count each location's exclusions, then place them by location into
	// one slice that the candidates share.
	ends := s.ends[:0]
	for range s.e.locs {
		ends = append(ends, 0)
	}
	for _, x := range s.excl {
		ends[x.loc]++
	}
	for i := 1; i < len(ends); i++ {
		ends[i] += ends[i-1]
	}
	all := make([]Exclusion, len(s.excl))
	for k := len(s.excl) - 1; k >= 0; k-- {
		x := &s.excl[k]
		ends[x.loc]--
		s.write(&all[ends[x.loc]], x)
	}
	for i := range s.e.locs {
		st := &s.locs[i]
		c := Candidate{Location: s.e.locs[i].ID}
		start, end := ends[i], len(all)
		if i+1 < len(ends) {
			end = ends[i+1]
		}
		if end > start {
			c.Excluded = all[start:end:end]
		}
		if s.open(i) {
			c.Dispatch = st.dispatch
		}
		c.Whole = st.whole
		out[i] = c
	}
	scores := make([]Score, len(s.wholes))
	for rank, i := range s.wholes {
		scores[rank] = s.locs[i].score
		out[i].Rank, out[i].Score = rank+1, &scores[rank]
	}
	s.ends = ends
	return out
}

// write fills the zeroed out with exclusion x, field by field, as a field
// left empty costs nothing to write.
func (s *scratch) write(out *Exclusion, x *exclusion) {
	out.Reason = x.reason
	if x.line < 0 {
		return
	}
	l := s.lines[x.line].line
	out.Line = l.LineID
	if x.reason == NoStock {
		out.SKU, out.Available, out.Needed = l.SKU, x.avail, l.Quantity
	}
}

// matched lists the rules that matched: the candidate rules in the order
// they were applied, then the score rules.
func (s *scratch) matched() []Match {
	n := len(s.matches)
	for _, ok := range s.scoreMatch {
		if ok {
			n++
		}
	}
	out := make([]Match, 0, n)
	var ids []string
	if len(s.ruledOut) > 0 {
		ids = make([]string, len(s.ruledOut))
		for k, i := range s.ruledOut {
			ids[k] = s.e.locs[i].ID
		}
	}
	for _, m := range s.matches {
		mm := Match{Rule: s.e.rules[m.rule].Name, Kind: "candidates"}
		if m.line >= 0 {
			mm.Line = s.lines[m.line].line.LineID
		}
		if m.end > m.start {
			mm.Excluded = ids[m.start:m.end:m.end]
		}
		out = append(out, mm)
	}
	for k, r := range s.e.score {
		if s.scoreMatch[k] {
			out = append(out, Match{Rule: r.name, Kind: "scoring"})
		}
	}
	return out
}
