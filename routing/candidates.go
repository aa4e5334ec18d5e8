package routing

import "slices"

// checkLocations excludes, for the whole order, the locations that do not
// ship to the destination with the method and a carrier the order may use.
func (s *scratch) checkLocations() {
	region := s.env.Order.Region
	for i := range s.e.locs {
		l, st := &s.e.locs[i], &s.locs[i]
		*st = locState{}
		if s.country < 0 || !l.dest[s.country].serves {
			st.reason = NoCountry
			s.exclude(i, NoCountry, -1, 0)
			continue
		}
		d := &l.dest[s.country]
		switch {
		case len(d.regions) > 0 && !slices.Contains(d.regions, region):
			st.reason = NoRegion
		case s.method < 0 || !slices.Contains(l.Methods, methods[s.method]):
			st.reason = NoMethod
		case !s.hasCarrier(d.options[s.method]):
			st.reason = NoCarrier
		}
		if st.reason != 0 {
			s.exclude(i, st.reason, -1, 0)
		}
	}
}

func (s *scratch) hasCarrier(opts []carrierOption) bool {
	for i := range opts {
		if s.carrier == "" || opts[i].carrier.ID == s.carrier {
			return true
		}
	}
	return false
}

// open reports whether location i may still ship some of the order.
func (s *scratch) open(i int) bool {
	return s.locs[i].reason == 0 && !s.locs[i].ruled
}

// applyRules applies the candidate rules: first those for the whole order,
// then those that apply line by line, to the locations still open.
func (s *scratch) applyRules() {
	for ri := range s.e.rules {
		if r := &s.e.rules[ri]; !r.perLine {
			s.applyOrderRule(r)
		}
	}
	for ri := range s.e.rules {
		if r := &s.e.rules[ri]; r.perLine {
			for l := range s.lines {
				s.applyLineRule(r, l)
			}
		}
	}
}

func (s *scratch) applyOrderRule(r *candidateRule) {
	perLoc := r.when.perLocation()
	if !perLoc && !s.applies(r.Name, r.when, -1, -1) {
		return
	}
	matched := !perLoc
	start := len(s.ruledOut)
	for i := range s.e.locs {
		if !s.open(i) || (perLoc && !s.applies(r.Name, r.when, i, -1)) {
			continue
		}
		matched = true
		if !s.permits(r, i, -1) {
			s.locs[i].ruled = true
			s.ruledOut = append(s.ruledOut, int32(i))
		}
	}
	if matched {
		s.matches = append(s.matches, match{rule: r.index, line: -1, start: start,
			end: len(s.ruledOut)})
	}
}

func (s *scratch) applyLineRule(r *candidateRule, l int) {
	perLoc := r.when.perLocation()
	matched := !perLoc && s.applies(r.Name, r.when, -1, l)
	if !matched && !perLoc {
		return
	}
	n := len(s.lines)
	start := len(s.ruledOut)
	for i := range s.e.locs {
		if !s.open(i) || (perLoc && !s.applies(r.Name, r.when, i, l)) {
			continue
		}
		matched = true
		if !s.permits(r, i, l) {
			s.lineOut[i*n+l] = true
			s.ruledOut = append(s.ruledOut, int32(i))
		}
	}
	if matched {
		s.matches = append(s.matches, match{rule: r.index, line: l, start: start,
			end: len(s.ruledOut)})
	}
}

// applies reports whether condition c holds at location i (or for none, -1,
// when c does not depend on the location) and line l (or none, -1).
func (s *scratch) applies(rule string, c condition, i, l int) bool {
	switch c.kind {
	case always:
		return true
	case byLocation:
		return i >= 0 && c.x.AtLocation(i) != 0
	case byProduct:
		return c.x.ForProduct(s.lines[l].product)
	case byOrder:
		return s.orderVals[c.index]
	case byLine:
		return s.lineVals[l*len(s.e.perLine)+c.index]
	}
	if i < 0 {
		return false
	}
	s.at(i, l)
	return s.bool(c.x, rule)
}

// permits reports whether rule r lets location i ship the order, or line l.
func (s *scratch) permits(r *candidateRule, i, l int) bool {
	if !r.Permits(i) {
		return false
	}
	if !r.dynRequire {
		return true
	}
	s.at(i, l)
	return s.bool(r.Require, r.Name)
}

// at sets the environment to location i and line l, if any.
func (s *scratch) at(i, l int) {
	s.env.Location = s.e.locs[i].facts
	if l >= 0 {
		s.env.Line = s.lineFacts[l]
	}
}

// checkStock asks for the stock of every line at every location still
// open, and finds each one's next dispatch.
func (s *scratch) checkStock() {
	n := len(s.lines)
	s.refDay = 0
	first := true
	for i := range s.e.locs {
		if !s.open(i) {
			continue
		}
		l, st := &s.e.locs[i], &s.locs[i]
		st.dispatch, st.day = s.e.nextDispatch(l, s.req.Now)
		st.load = s.req.Load[l.ID]
		st.whole = n > 0
		stock := s.stockAt(l.ID)
		for j, rl := range s.lines {
			k := i*n + j
			if s.lineOut[k] {
				st.whole = false
				continue
			}
			s.servable[j] = true
			s.avail[k] = max(stock.Available(l.ID, rl.line.SKU), 0)
			if s.avail[k] > 0 {
				st.anyStock = true
			}
			if s.avail[k] < rl.line.Quantity {
				st.whole = false
				s.exclude(i, NoStock, j, s.avail[k])
			}
		}
		if st.anyStock && (first || st.day < s.refDay) {
			s.refDay, first = st.day, false
		}
	}
}

// stockAt returns what answers the stock at one location: for a StockMap,
// the location's own map, which saves looking the location up for every
// line.
func (s *scratch) stockAt(location string) Stock {
	switch m := s.req.Stock.(type) {
	case nil:
		return noStock{}
	case StockMap:
		return oneLocation(m[location])
	}
	return s.req.Stock
}

// oneLocation is the stock of one location, by SKU.
type oneLocation map[string]int64

// Available returns the units of sku, whatever location is asked for.
func (m oneLocation) Available(_, sku string) int64 { return m[sku] }

// noStock is the stock of a request that brings none.
type noStock struct{}

// Available returns 0.
func (noStock) Available(_, _ string) int64 { return 0 }
