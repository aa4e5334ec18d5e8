package routing

import (
	"math"

	"github.com/ordo-oms/ordo/rules"
)

// cheapest returns the cheapest carrier at location i for a shipment of
// weightG grams that the order may use, with its cost, the rate plus the
// location's handling cost. Ties go to the faster carrier, then to the one
// the location lists first. It returns nil when no carrier takes the
// weight.
func (s *scratch) cheapest(i int, weightG int64) (*carrierOption, int64) {
	l := &s.e.locs[i]
	opts := l.dest[s.country].options[s.method]
	var best *carrierOption
	var bestCost int64
	for k := range opts {
		o := &opts[k]
		if s.carrier != "" && o.carrier.ID != s.carrier {
			continue
		}
		rate, ok := o.zone.Cost(weightG)
		if !ok {
			continue
		}
		cost := rate + l.HandlingCost
		if best == nil || cost < bestCost || (cost == bestCost && o.transit < best.transit) {
			best, bestCost = o, cost
		}
	}
	return best, bestCost
}

// score scores a shipment of take (units by line) from location i.
func (s *scratch) score(i int, take []int64, o *carrierOption, cost int64) Score {
	l, st := &s.e.locs[i], &s.locs[i]
	w := s.e.set.Scoring()
	currency := s.e.scale
	n := len(s.lines)
	var units int64
	depth := int64(rules.MaxStockDepth)
	for j, q := range take {
		if q > 0 {
			units += q
			depth = min(depth, s.avail[i*n+j]-q)
		}
	}
	sc := Score{DelayDays: st.day - s.refDay, ShippingCost: cost,
		UnitCost: units * l.UnitCost, Zone: l.dest[s.country].zone, StockDepth: depth,
		Carrier: string(o.carrier.ID)}
	if l.Capacity > 0 {
		sc.LoadPercent = float64(st.load+1) * 100 / float64(l.Capacity)
	}
	sc.Points = Points{ShipDelay: round(w.ShipDelay * float64(sc.DelayDays)),
		Cost:       round(w.Cost * float64(cost) / currency),
		Margin:     round(w.Margin * float64(sc.UnitCost) / currency),
		Zone:       round(w.Zone * float64(sc.Zone)),
		StockDepth: round(0 - w.StockDepth*float64(depth)),
		Load:       round(w.Load * sc.LoadPercent), Rules: round(s.rulePoints(i))}
	p := sc.Points
	sc.Total = round(p.ShipDelay + p.Cost + p.Margin + p.Zone + p.StockDepth + p.Load + p.Rules)
	return sc
}

// round rounds points to a millionth, so that sums that differ only by
// floating-point error tie, as they should, and read plainly.
func round(p float64) float64 {
	return math.Round(p*1e6)/1e6 + 0 // + 0 turns -0 into 0
}

// rulePoints returns the points the score rules give location i, working
// them out once per decision.
func (s *scratch) rulePoints(i int) float64 {
	st := &s.locs[i]
	if st.pointsOK {
		return st.points
	}
	st.points, st.pointsOK = 0, true
	for k := range s.e.score {
		r := &s.e.score[k]
		if !s.applies(r.name, r.when, i, -1) {
			continue
		}
		s.scoreMatch[k] = true
		if r.points.LocationOnly() {
			st.points += r.points.AtLocation(i)
			continue
		}
		s.at(i, -1)
		v, err := r.points.Number(&s.vm, &s.env)
		if err != nil {
			s.fail(r.name, err)
		}
		st.points += v
	}
	return st.points
}

// better reports whether location a's score beats location b's: fewer
// points, then the earlier dispatch, then the lower cost, then the
// location listed first.
func (s *scratch) better(a int, sa Score, b int, sb Score) bool {
	if sa.Total != sb.Total {
		return sa.Total < sb.Total
	}
	da, db := s.locs[a].dispatch, s.locs[b].dispatch
	if !da.Equal(db) {
		return da.Before(db)
	}
	if sa.ShippingCost != sb.ShippingCost {
		return sa.ShippingCost < sb.ShippingCost
	}
	return a < b
}
