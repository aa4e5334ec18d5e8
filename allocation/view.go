package allocation

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// Routing is everything recorded about where an order goes: each decision
// with its explanation, and the fulfilment orders that hold its lines.
type Routing struct {
	OMSOrderID       string            `json:"oms_order_id"`
	Decisions        []Decision        `json:"decisions"`
	FulfilmentOrders []FulfilmentOrder `json:"fulfilment_orders"`
}

// LoadRouting reads an order's routing. An order never routed has none.
func LoadRouting(ctx context.Context, q store.Querier, omsOrderID string) (Routing, error) {
	r := Routing{OMSOrderID: omsOrderID}
	var err error
	if r.Decisions, err = Decisions(ctx, q, omsOrderID); err != nil {
		return r, err
	}
	for i := range r.Decisions {
		r.Decisions[i].Explanation = r.Decisions[i].Decision.Explain()
	}
	r.FulfilmentOrders, err = FulfilmentOrders(ctx, q, omsOrderID)
	return r, err
}

// Explain writes the routing out for a planner: every decision in words,
// then the fulfilment orders with what they cost and what bundling saved.
func (r Routing) Explain() string {
	var b strings.Builder
	if len(r.Decisions) == 0 {
		fmt.Fprintf(&b, "Order %s has not been routed yet.\n", r.OMSOrderID)
	}
	for i, d := range r.Decisions {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "Decision %d of %d:\n", i+1, len(r.Decisions))
		b.WriteString(d.Explanation)
		if !strings.HasSuffix(d.Explanation, "\n") {
			b.WriteByte('\n')
		}
	}
	for _, f := range r.FulfilmentOrders {
		fmt.Fprintf(&b, "\nFulfilment order %s at %s (%s), by %s, ship by %s, "+
			"delivery %s, shipping %s %s", f.ID, f.Location, f.Status, f.Carrier,
			f.ShipBy.Format(time.RFC3339), f.ETA,
			order.FormatAmount(f.ShippingCost, f.Currency), f.Currency)
		if f.SavedCost > 0 {
			fmt.Fprintf(&b, ", %s %s saved by shipping orders together",
				order.FormatAmount(f.SavedCost, f.Currency), f.Currency)
		}
		b.WriteString(":\n")
		for _, l := range f.Lines {
			fmt.Fprintf(&b, "  %d x %s (order %s, line %s, %s)\n", l.Quantity, l.SKU,
				l.OMSOrderID, l.LineID, l.Status)
		}
	}
	return b.String()
}
