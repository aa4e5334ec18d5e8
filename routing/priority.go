package routing

import (
	"time"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/rules"
)

// Pending is an order waiting for stock, as Less ranks it.
type Pending struct {
	Order *order.Order
	// Deadline is its ship-by deadline, or zero when it has none.
	Deadline time.Time
	// BackorderedAt is when it was backordered, or zero when it was not.
	BackorderedAt time.Time
}

// Less reports whether a gets short stock before b: by the rule set's
// priority criteria in turn, then the earlier placed, then the lower
// oms_order_id. A missing deadline or backorder time counts as the latest.
func (e *Engine) Less(a, b Pending) bool {
	for _, c := range e.set.Priority().Order {
		switch c {
		case rules.ByDeadline:
			if r := compareTimes(a.Deadline, b.Deadline); r != 0 {
				return r < 0
			}
		case rules.ByVIP:
			if va, vb := e.vip(a.Order), e.vip(b.Order); va != vb {
				return va
			}
		case rules.ByUrgency:
			if ua, ub := urgency(a.Order), urgency(b.Order); ua != ub {
				return ua > ub
			}
		case rules.ByOldestBackorder:
			if r := compareTimes(a.BackorderedAt, b.BackorderedAt); r != 0 {
				return r < 0
			}
		}
	}
	if !a.Order.PlacedAt.Equal(b.Order.PlacedAt) {
		return a.Order.PlacedAt.Before(b.Order.PlacedAt)
	}
	return a.Order.OMSOrderID < b.Order.OMSOrderID
}

// compareTimes orders times with the zero time last.
func compareTimes(a, b time.Time) int {
	switch {
	case a.Equal(b):
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}

// urgency ranks an order's delivery priority, urgent highest.
func urgency(o *order.Order) int {
	switch o.Delivery.Priority {
	case order.PriorityUrgent:
		return 2
	case order.PriorityHigh:
		return 1
	}
	return 0
}

// vip reports whether the rule set's VIP condition holds for o. A failing
// condition counts as false.
func (e *Engine) vip(o *order.Order) bool {
	x := e.set.Priority().VIP
	if x == nil {
		return false
	}
	s := e.scratch.Get().(*scratch)
	defer e.scratch.Put(s)
	defer s.finish()
	s.start(&Request{Order: o})
	s.orderFacts(o)
	ok, err := x.Bool(&s.vm, &s.env)
	return err == nil && ok
}
