package allocation_test

import (
	"fmt"
	"testing"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// BenchmarkRoute routes validated two-line orders on SQLite, 64 to a job
// as the queue hands them over: reading each order, deciding, reserving
// its stock, filling a fulfilment order and recording the event and the
// decision, committed to disk. It reports the cost of one order:
//
//	go test -run '^$' -bench Route ./allocation
func BenchmarkRoute(b *testing.B) {
	e := newEnv(b, store.SQLite)
	e.stock(b, "dc-a", "TEE-BLK-M", 1<<40)
	e.stock(b, "dc-a", "CAP-RED", 1<<40)
	ids := make([]string, b.N)
	for i := range ids {
		ids[i] = e.order(b, i, func(o *order.Order) {
			o.Customer.Email = fmt.Sprintf("c%d@example.nl", i) // no bundling
		})
	}
	b.ResetTimer()
	for lo := 0; lo < len(ids); lo += 64 {
		e.route(b, ids[lo:min(lo+64, len(ids))]...)
	}
	b.StopTimer()
	if st := e.status(b, ids[len(ids)-1]); st != order.StatusAllocated {
		b.Fatalf("last order is %q; want allocated", st)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "orders/s")
}
