package routing

import "github.com/ordo-oms/ordo/rules"

// plan chooses the parts: one location for the whole order when one can
// ship it in time, else a split when the rules allow it, and what remains
// is backordered or waited for.
func (s *scratch) plan(split rules.Split, splitAllowed bool) Plan {
	for j, rl := range s.lines {
		s.remaining[j] = rl.line.Quantity
	}
	s.rankWholes()
	maxParts := 1
	if splitAllowed {
		maxParts = split.MaxParts
	}
	if len(s.wholes) > 0 {
		best := s.wholes[0]
		late := s.locs[best].day - s.refDay
		if maxParts > 1 && late > split.MaxWaitDays {
			inTime := func(i int) bool { return s.locs[i].day-s.refDay <= split.MaxWaitDays }
			// A split of one part is another whole location, which the
			// scores ranked below the best.
			if s.greedy(maxParts, inTime) && len(s.parts) > 1 &&
				s.latestDay() < s.locs[best].day {
				return PlanSplitSooner
			}
			s.resetParts()
		}
		s.addPart(best, s.allLines(), s.locs[best].score)
		return PlanWhole
	}
	covered := s.greedy(maxParts, func(int) bool { return true })
	switch {
	case len(s.parts) == 0:
		return PlanNone
	case !covered && split.Backorder == rules.Wait:
		return PlanWait
	case !covered:
		return PlanPartial
	case len(s.parts) == 1:
		return PlanWhole
	}
	return PlanSplit
}

// splitAllowed reports whether the rules let this order split.
func (s *scratch) splitAllowed(split rules.Split) bool {
	if split.Allow == nil || split.MaxParts < 2 {
		return false
	}
	return s.bool(split.Allow, "split.allow")
}

// rankWholes scores the locations that have every line in stock and
// ranks them, best first.
func (s *scratch) rankWholes() {
	all := s.allLines()
	for i := range s.e.locs {
		st := &s.locs[i]
		if !s.open(i) || !st.whole {
			continue
		}
		o, cost := s.cheapest(i, s.env.Order.WeightG)
		if o == nil {
			st.whole = false
			s.exclude(i, TooHeavy, -1, 0)
			continue
		}
		st.score = s.score(i, all, o, cost)
		k := len(s.wholes)
		s.wholes = append(s.wholes, i)
		for ; k > 0 && s.better(i, st.score, s.wholes[k-1], s.locs[s.wholes[k-1]].score); k-- {
			s.wholes[k] = s.wholes[k-1]
		}
		s.wholes[k] = i
	}
}

// allLines returns the full quantity of every line, in s.trial.
func (s *scratch) allLines() []int64 {
	for j, rl := range s.lines {
		s.trial[j] = rl.line.Quantity
	}
	return s.trial
}

// greedy plans up to maxParts parts among the open locations that ok
// admits: each part goes to the location that can take the most units of
// what is left, the better score deciding a tie. It reports whether the
// parts take everything. This keeps parts few but does not always find the
// fewest, nor the cheapest split; trying every combination would cost more
// than a decision may.
func (s *scratch) greedy(maxParts int, ok func(int) bool) bool {
	for len(s.parts) < maxParts {
		best, bestUnits := -1, int64(0)
		var bestScore Score
		for i := range s.e.locs {
			if !s.open(i) || s.locs[i].used || !s.locs[i].anyStock || !ok(i) {
				continue
			}
			units, weight := s.tryTake(i)
			if units == 0 || units < bestUnits {
				continue
			}
			o, cost := s.cheapest(i, weight)
			if o == nil {
				continue
			}
			sc := s.score(i, s.trial, o, cost)
			if units > bestUnits || s.better(i, sc, best, bestScore) {
				best, bestUnits, bestScore = i, units, sc
			}
		}
		if best < 0 {
			break
		}
		s.tryTake(best)
		s.addPart(best, s.trial, bestScore)
		if s.done() {
			return true
		}
	}
	return s.done()
}

// tryTake works out in s.trial what location i could take of what is
// left, and returns the units and the weight.
func (s *scratch) tryTake(i int) (units, weightG int64) {
	n := len(s.lines)
	for j, rl := range s.lines {
		var q int64
		if !s.lineOut[i*n+j] {
			q = min(s.remaining[j], s.avail[i*n+j])
		}
		s.trial[j] = q
		units += q
		weightG += q * rl.unitWeight
	}
	return units, weightG
}

// addPart adds a part from location i taking take.
func (s *scratch) addPart(i int, take []int64, sc Score) {
	n := len(s.lines)
	k := len(s.parts)
	part := s.takes[k*n : (k+1)*n]
	copy(part, take)
	var weight int64
	for j, q := range part {
		s.remaining[j] -= q
		weight += q * s.lines[j].unitWeight
	}
	o, cost := s.cheapest(i, weight)
	s.parts = append(s.parts, partPlan{loc: i, take: part, option: o, cost: cost,
		weightG: weight, score: sc})
	s.locs[i].used = true
}

// resetParts forgets the parts planned.
func (s *scratch) resetParts() {
	for _, p := range s.parts {
		s.locs[p.loc].used = false
	}
	s.parts = s.parts[:0]
	for j, rl := range s.lines {
		s.remaining[j] = rl.line.Quantity
	}
}

// done reports whether the parts take every unit.
func (s *scratch) done() bool {
	for _, r := range s.remaining {
		if r > 0 {
			return false
		}
	}
	return true
}

// latestDay returns the dispatch day of the last part to leave.
func (s *scratch) latestDay() int {
	day := 0
	for k, p := range s.parts {
		if d := s.locs[p.loc].day; k == 0 || d > day {
			day = d
		}
	}
	return day
}
