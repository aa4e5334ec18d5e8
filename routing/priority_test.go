package routing_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/routing"
)

// TestLess sorts pending orders by each priority policy.
func TestLess(t *testing.T) {
	base := at(amsterdam, "2026-03-25 09:00")
	hours := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour) }
	pending := func(id string, placed int, tags []string, p order.Priority, deadline,
		backordered time.Time) routing.Pending {
		o := newOrder("NL", order.MethodStandard, hours(placed), "A", 1)
		o.OMSOrderID, o.Tags, o.Delivery.Priority = id, tags, p
		return routing.Pending{Order: o, Deadline: deadline, BackorderedAt: backordered}
	}
	var none time.Time
	orders := []routing.Pending{
		pending("o-1", 0, nil, order.PriorityNormal, hours(30), hours(2)),
		pending("o-2", 1, []string{"vip"}, order.PriorityNormal, hours(40), hours(1)),
		pending("o-3", 2, nil, order.PriorityUrgent, hours(30), none),
		pending("o-4", 3, []string{"vip"}, order.PriorityHigh, none, hours(3)),
		pending("o-5", 0, nil, order.PriorityNormal, hours(20), hours(5)),
		pending("o-0", 0, nil, order.PriorityNormal, hours(30), hours(2)),
	}
	tests := []struct {
		priority string
		want     []string
	}{
		// Default: deadline, then oldest backorder, then placed, then id.
		{"", []string{"o-5", "o-0", "o-1", "o-3", "o-2", "o-4"}},
		{"priority:\n  order: [vip, deadline]\n  vip: '\"vip\" in order.tags'\n",
			[]string{"o-2", "o-4", "o-5", "o-0", "o-1", "o-3"}},
		{"priority:\n  order: [urgency, oldest_backorder]\n",
			[]string{"o-3", "o-4", "o-2", "o-0", "o-1", "o-5"}},
		{"priority:\n  order: [oldest_backorder]\n",
			[]string{"o-2", "o-0", "o-1", "o-4", "o-5", "o-3"}},
		{"priority:\n  order: [deadline]\n",
			[]string{"o-5", "o-0", "o-1", "o-3", "o-2", "o-4"}},
	}
	for _, tt := range tests {
		e := newEngine(t, replace(t, three, "split:\n  SPLIT\n", tt.priority))
		got := slices.Clone(orders)
		slices.SortStableFunc(got, func(a, b routing.Pending) int {
			switch {
			case e.Less(a, b):
				return -1
			case e.Less(b, a):
				return 1
			}
			return 0
		})
		var ids []string
		for _, p := range got {
			ids = append(ids, p.Order.OMSOrderID)
		}
		if diff := cmp.Diff(tt.want, ids); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.priority, diff)
		}
		for _, p := range orders {
			if e.Less(p, p) {
				t.Errorf("%q: %s is less than itself", tt.priority, p.Order.OMSOrderID)
			}
		}
	}
}
