package order_test

import (
	"testing"

	"github.com/ordo-oms/ordo/order"
)

func TestCanMove(t *testing.T) {
	tests := []struct {
		from, to order.Status
		want     bool
	}{
		{order.StatusReceived, order.StatusValidated, true},
		{order.StatusReceived, order.StatusOnHold, true},
		{order.StatusReceived, order.StatusAllocated, false},
		{order.StatusOnHold, order.StatusValidated, true},
		{order.StatusOnHold, order.StatusOnHold, true},
		{order.StatusOnHold, order.StatusAllocated, true},
		{order.StatusValidated, order.StatusAllocated, true},
		{order.StatusValidated, order.StatusBackordered, true},
		{order.StatusBackordered, order.StatusAllocated, true},
		{order.StatusBackordered, order.StatusReleased, false},
		{order.StatusBackordered, order.StatusBackordered, true},
		{order.StatusAllocated, order.StatusAllocated, true},
		{order.StatusAllocated, order.StatusReleased, true},
		{order.StatusReleased, order.StatusPicked, true},
		{order.StatusReleased, order.StatusShipped, true},
		{order.StatusPicked, order.StatusPacked, true},
		{order.StatusPacked, order.StatusShipped, true},
		{order.StatusShipped, order.StatusDelivered, true},
		{order.StatusShipped, order.StatusCancelled, false},
		{order.StatusPicked, order.StatusCancelled, true},
		{order.StatusPacked, order.StatusPicked, false},
		{order.StatusAllocated, order.StatusCancelled, true},
		{order.StatusDelivered, order.StatusShipped, false},
		{order.StatusCancelled, order.StatusReceived, false},
		{order.StatusValidated, order.StatusValidated, false},
		{"", order.StatusReceived, false},
		{order.StatusReceived, "lost", false},
	}
	for _, tt := range tests {
		name := string(tt.from) + " to " + string(tt.to)
		if !tt.want {
			name = "not " + name
		}
		t.Run(name, func(t *testing.T) {
			if got := order.CanMove(tt.from, tt.to); got != tt.want {
				t.Errorf("CanMove(%q, %q) = %v; want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestStatusValid(t *testing.T) {
	all := []order.Status{order.StatusReceived, order.StatusValidated, order.StatusOnHold,
		order.StatusAllocated, order.StatusBackordered, order.StatusReleased,
		order.StatusPicked, order.StatusPacked, order.StatusShipped,
		order.StatusDelivered, order.StatusCancelled}
	for _, s := range all {
		if !s.Valid() {
			t.Errorf("%q.Valid() = false; want true", s)
		}
	}
	for _, s := range []order.Status{"", "RECEIVED", "lost"} {
		if s.Valid() {
			t.Errorf("%q.Valid() = true; want false", s)
		}
	}
}
