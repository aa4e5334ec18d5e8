package allocation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/google/uuid"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/routing"
	"github.com/ordo-oms/ordo/store"
)

// recorder records one routing decision inside the transaction that made
// it: the stock reserved, the fulfilment orders filled, the order's event,
// the decision with its explanation and what still waits for stock.
type recorder struct {
	tx   *store.Tx
	jobs Enqueuer
	eng  *routing.Engine
	c    candidate
	o    *order.Order
	d    *routing.Decision
	now  time.Time
}

func (r *recorder) record(ctx context.Context) error {
	if len(r.d.Parts) == 0 && len(r.d.Unservable) > 0 {
		return r.hold(ctx)
	}
	if len(r.d.Parts) == 0 && r.c.rec.Status == order.StatusBackordered ||
		len(r.d.Parts) == 0 && r.c.rec.Status == order.StatusAllocated {
		// Still short: the order keeps waiting, with nothing new to say.
		return saveBackorders(ctx, r.tx, r.c.OMSOrderID, r.d.Backordered, r.now)
	}
	var payload any
	if len(r.d.Parts) == 0 {
		payload = &order.Backordered{RulesVersion: r.d.RulesVersion,
			Lines: lineQuantities(r.d.Backordered)}
	} else {
		parts, err := r.allocate(ctx)
		if err != nil {
			return err
		}
		payload = &order.Allocated{RulesVersion: r.d.RulesVersion, Parts: parts,
			Backordered: lineQuantities(r.d.Backordered)}
	}
	e, err := store.NewEvent(eventType(payload), payload, r.c.Meta)
	if err != nil {
		return err
	}
	rec := *r.c.rec
	if err := store.AppendOrder(ctx, r.tx, &rec, r.now, e); err != nil {
		return err
	}
	if err := saveDecision(ctx, r.tx, r.c.OMSOrderID, r.d); err != nil {
		return err
	}
	return saveBackorders(ctx, r.tx, r.c.OMSOrderID, r.d.Backordered, r.now)
}

// hold puts an order on hold when lines of it cannot ship from any
// location, whatever the stock: waiting would never end. Changing the
// rule set routes it again.
func (r *recorder) hold(ctx context.Context) error {
	reasons := unroutable(r.o, r.d.Unservable)
	if r.c.rec.Status == order.StatusOnHold && reflect.DeepEqual(reasons, r.c.rec.HoldReasons) {
		return nil
	}
	e, err := store.NewEvent(order.EventHeld, &order.Held{Reasons: reasons}, r.c.Meta)
	if err != nil {
		return err
	}
	rec := *r.c.rec
	if err := store.AppendOrder(ctx, r.tx, &rec, r.now, e); err != nil {
		return err
	}
	if err := saveDecision(ctx, r.tx, r.c.OMSOrderID, r.d); err != nil {
		return err
	}
	return clearBackorders(ctx, r.tx, r.c.OMSOrderID)
}

// ReasonUnroutable is the code of a hold reason that says no location may
// ship a line under the rule set.
const ReasonUnroutable = "unroutable"

func unroutable(o *order.Order, lines []routing.LineQty) []order.Reason {
	d := o.Delivery
	out := make([]order.Reason, len(lines))
	for i, l := range lines {
		out[i] = order.Reason{Code: ReasonUnroutable, Field: "lines", Message: fmt.Sprintf(
			"no location may ship line %s (%s) to %s by %s under the rule set; "+
				"`ordo rules explain` says what excludes each location", l.LineID, l.SKU,
			d.Country, d.Method)}
	}
	return out
}

func eventType(payload any) string {
	if _, ok := payload.(*order.Backordered); ok {
		return order.EventBackordered
	}
	return order.EventAllocated
}

// allocate reserves the stock of every part and puts each part in a
// fulfilment order.
func (r *recorder) allocate(ctx context.Context) ([]order.Allocation, error) {
	held, err := openReservations(ctx, r.tx, r.c.OMSOrderID)
	if err != nil {
		return nil, err
	}
	var rs []inventory.Reservation
	for _, p := range r.d.Parts {
		for _, l := range p.Lines {
			// A line may hold part of itself at the location from an
			// earlier decision; its reservation there grows by this part.
			rs = append(rs, inventory.Reservation{OMSOrderID: r.c.OMSOrderID,
				LineID: l.LineID, Location: p.Location, SKU: l.SKU,
				Quantity: held[heldAt{l.LineID, p.Location}] + l.Quantity})
		}
	}
	err = inventory.Reserve(ctx, r.tx, rs, r.now)
	if errors.Is(err, inventory.ErrShort) {
		// Another writer took the stock after it was read: decide again.
		return nil, fmt.Errorf("allocation: reserve for %s: %w: %w",
			r.c.OMSOrderID, store.ErrConflict, err)
	}
	if err != nil {
		return nil, err
	}
	key := bundleKey(r.c.rec.Customer)
	parts := make([]order.Allocation, len(r.d.Parts))
	for i, p := range r.d.Parts {
		id, err := r.fulfil(ctx, p, key)
		if err != nil {
			return nil, err
		}
		parts[i] = order.Allocation{FulfilmentID: id, Location: p.Location,
			Lines: lineQuantities(p.Lines), Carrier: p.Carrier, ShipBy: p.ShipBy, ETA: p.ETA}
	}
	return parts, nil
}

// heldAt is an order line at a location.
type heldAt struct{ line, location string }

// openReservations returns what each line of an order holds open at each
// location.
func openReservations(ctx context.Context, q store.Querier, omsOrderID string) (
	map[heldAt]int64, error) {
	rs, err := inventory.Reservations(ctx, q, omsOrderID)
	if err != nil {
		return nil, err
	}
	out := map[heldAt]int64{}
	for _, r := range rs {
		if r.State == inventory.StateOpen {
			out[heldAt{r.LineID, r.Location}] = r.Quantity
		}
	}
	return out, nil
}

func lineQuantities(ls []routing.LineQty) []order.LineQuantity {
	if len(ls) == 0 {
		return nil
	}
	out := make([]order.LineQuantity, len(ls))
	for i, l := range ls {
		out[i] = order.LineQuantity{LineID: l.LineID, SKU: l.SKU, Quantity: l.Quantity}
	}
	return out
}

// Decision is one recorded routing decision of an order.
type Decision struct {
	ID           string    `json:"id"`
	OMSOrderID   string    `json:"oms_order_id"`
	RulesVersion string    `json:"rules_version"`
	Outcome      string    `json:"outcome"`
	DecidedAt    time.Time `json:"decided_at"`
	// Explanation is the decision in words, as LoadRouting fills it in.
	Explanation string           `json:"explanation,omitempty"`
	Decision    routing.Decision `json:"decision"`
}

func saveDecision(ctx context.Context, q store.Querier, id string, d *routing.Decision) error {
	data, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("allocation: encode decision for %s: %w", id, err)
	}
	did, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("allocation: decision id: %w", err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO routing_decisions (id, oms_order_id,
		rules_version, outcome, decided_at, decision) VALUES ($1, $2, $3, $4, $5, $6)`,
		did.String(), id, d.RulesVersion, string(d.Outcome), store.Micros(d.DecidedAt),
		string(data))
	if err != nil {
		return fmt.Errorf("allocation: save decision for %s: %w", id, err)
	}
	return nil
}

// Decisions returns every routing decision recorded for an order, oldest
// first.
func Decisions(ctx context.Context, q store.Querier, omsOrderID string) ([]Decision, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, rules_version, outcome, decided_at, decision
		FROM routing_decisions WHERE oms_order_id = $1 ORDER BY decided_at, id`, omsOrderID)
	if err != nil {
		return nil, fmt.Errorf("allocation: decisions of %s: %w", omsOrderID, err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		d := Decision{OMSOrderID: omsOrderID}
		var at int64
		var data string
		if err := rows.Scan(&d.ID, &d.RulesVersion, &d.Outcome, &at, &data); err != nil {
			return nil, fmt.Errorf("allocation: decisions of %s: %w", omsOrderID, err)
		}
		d.DecidedAt = store.FromMicros(at)
		if err := json.Unmarshal([]byte(data), &d.Decision); err != nil {
			return nil, fmt.Errorf("allocation: decode decision %s: %w", d.ID, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
