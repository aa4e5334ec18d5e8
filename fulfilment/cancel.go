package fulfilment

import (
	"context"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
)

// ReasonLocationCancelled holds an order whose location cancelled its
// fulfilment order unasked, for the operator to route or cancel.
const ReasonLocationCancelled = "location_cancelled"

// RequestCancel asks the locations that already have an order to stop
// it, in tx, as the channel's cancellation is recorded. It reports whether
// any location has it: then lines still in open fulfilment orders are
// taken out and their stock freed at once, and for each released
// fulfilment order a cancel instruction goes to its location, whose answer
// decides whether the order is cancelled or ships. It also reports
// whether it asked anything not asked before. When no location has the
// order, it does nothing: the caller cancels it as usual.
func (s *Service) RequestCancel(ctx context.Context, tx *store.Tx, rec *store.OrderRecord,
	reason string, meta store.Meta) (held, asked bool, err error) {
	now := s.now()
	fos, err := fulfilmentOrdersOf(ctx, tx, rec.OMSOrderID)
	if err != nil {
		return false, false, err
	}
	var released []*fulfilmentOrder
	for _, f := range fos {
		if f.Status != allocation.FulfilmentOpen {
			released = append(released, f)
		}
	}
	if len(released) == 0 {
		return false, false, nil
	}
	for _, f := range fos {
		if f.Status == allocation.FulfilmentOpen {
			if err := cancelLines(ctx, tx, f, rec.OMSOrderID, now); err != nil {
				return true, false, err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM backorders WHERE oms_order_id = $1`,
		rec.OMSOrderID); err != nil {
		return true, false, fmt.Errorf("fulfilment: clear backorders of %s: %w",
			rec.OMSOrderID, err)
	}
	var locations []string
	for _, f := range released {
		loc, ok := s.Locations[f.Location]
		if !ok {
			return true, false, fmt.Errorf("%w: %s", ErrUnknownLocation, f.Location)
		}
		fresh, err := s.record(ctx, tx, loc, cancelInstruction(f, rec.OMSOrderID, now),
			meta.TraceID, now)
		if err != nil {
			return true, false, err
		}
		if fresh {
			locations = append(locations, f.Location)
		}
	}
	if len(locations) == 0 {
		return true, false, nil // Asked before; the answers are awaited.
	}
	e, err := store.NewEvent(order.EventCancelRequested,
		&order.CancelRequested{Reason: reason, Locations: locations}, meta)
	if err != nil {
		return true, false, err
	}
	return true, true, store.AppendOrder(ctx, tx, rec, now, e)
}

// fulfilmentOrdersOf loads the fulfilment orders that hold live lines of
// an order and have not shipped.
func fulfilmentOrdersOf(ctx context.Context, q store.Querier, omsOrderID string) (
	[]*fulfilmentOrder, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT f.id FROM fulfilment_orders f
		JOIN fulfilment_lines l ON l.fulfilment_id = f.id
		WHERE l.oms_order_id = $1 AND l.status NOT IN ($2, $3) ORDER BY f.id`,
		omsOrderID, string(allocation.FulfilmentCancelled), string(allocation.FulfilmentShipped))
	if err != nil {
		return nil, wrap(err, "fulfilment orders of %s", omsOrderID)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, wrap(err, "fulfilment orders of %s", omsOrderID)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err, "fulfilment orders of %s", omsOrderID)
	}
	out := make([]*fulfilmentOrder, 0, len(ids))
	for _, id := range ids {
		f, err := loadFulfilmentOrder(ctx, q, id)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// cancelInstruction asks a location to stop an order's lines in a
// fulfilment order it was given; its reference names both.
func cancelInstruction(f *fulfilmentOrder, omsOrderID string, now time.Time) warehouse.Instruction {
	ins := warehouse.Instruction{Reference: f.ID + "/cancel/" + omsOrderID,
		Kind: warehouse.KindCancel, FulfilmentID: f.ID, Location: f.Location, CreatedAt: now}
	for _, l := range f.Lines {
		if l.OrderID == omsOrderID && l.live() {
			ins.Lines = append(ins.Lines, warehouse.Line{OrderID: l.OrderID, LineID: l.LineID,
				SKU: l.SKU, Quantity: l.Quantity - l.Shipped})
		}
	}
	return ins
}

// cancelLines takes an order's lines out of a fulfilment order and frees
// their stock; the fulfilment order is cancelled when no live line is
// left in it.
func cancelLines(ctx context.Context, tx store.Querier, f *fulfilmentOrder,
	omsOrderID string, now time.Time) error {
	var ids []string
	for i, l := range f.Lines {
		if l.OrderID == omsOrderID && l.live() && l.Status != allocation.FulfilmentShipped {
			ids = append(ids, l.LineID)
			f.Lines[i].Status = allocation.FulfilmentCancelled
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := inventory.ReleaseLines(ctx, tx, omsOrderID, f.Location, ids, now); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE fulfilment_lines SET status = $1
		WHERE fulfilment_id = $2 AND oms_order_id = $3 AND status <> $4`,
		string(allocation.FulfilmentCancelled), f.ID, omsOrderID,
		string(allocation.FulfilmentShipped))
	if err == nil {
		_, err = tx.ExecContext(ctx, `UPDATE fulfilment_orders SET status = $1, updated_at = $2
			WHERE id = $3 AND NOT EXISTS (SELECT 1 FROM fulfilment_lines
				WHERE fulfilment_id = $3 AND status <> $1)`,
			string(allocation.FulfilmentCancelled), store.Micros(now), f.ID)
	}
	return wrap(err, "cancel lines of %s in %s", omsOrderID, f.ID)
}

// cancelAnswered applies a location's answer to a cancel instruction.
// Accepted only says the request arrived, as a file does; the answer
// itself follows as a status report.
func (s *Service) cancelAnswered(ctx context.Context, tx *store.Tx, ins warehouse.Instruction,
	outcome warehouse.Outcome, detail string, meta store.Meta, now time.Time) error {
	if outcome != warehouse.Cancelled && outcome != warehouse.TooLate {
		return nil
	}
	f, err := loadFulfilmentOrder(ctx, tx, ins.FulfilmentID)
	if err != nil {
		return err
	}
	return s.applyCancel(ctx, tx, f, ins, outcome, detail, meta, now)
}

// applyCancel applies the final answer to a cancel instruction for f:
// each order it named is taken out, or goes on to ship.
func (s *Service) applyCancel(ctx context.Context, tx *store.Tx, f *fulfilmentOrder,
	ins warehouse.Instruction, outcome warehouse.Outcome, detail string, meta store.Meta,
	now time.Time) error {
	for _, id := range instructionOrders(ins) {
		var err error
		if outcome == warehouse.TooLate {
			err = s.cancelRefused(ctx, tx, f, id, detail, meta, now)
		} else {
			err = s.cancelled(ctx, tx, f, id, meta, now)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func instructionOrders(ins warehouse.Instruction) []string {
	var out []string
	for _, l := range ins.Lines {
		if len(out) == 0 || out[len(out)-1] != l.OrderID {
			out = append(out, l.OrderID)
		}
	}
	return out
}

// cancelled takes an order out of a fulfilment order its location
// stopped, and cancels the order once no location holds any of it.
func (s *Service) cancelled(ctx context.Context, tx *store.Tx, f *fulfilmentOrder,
	omsOrderID string, meta store.Meta, now time.Time) error {
	if err := cancelLines(ctx, tx, f, omsOrderID, now); err != nil {
		return err
	}
	rest, err := fulfilmentOrdersOf(ctx, tx, omsOrderID)
	if err != nil || len(rest) > 0 {
		return err
	}
	rec, err := store.GetOrder(ctx, tx, omsOrderID)
	if err != nil || !order.CanMove(rec.Status, order.StatusCancelled) {
		return err
	}
	reason := "stopped by " + f.Location
	e, err := store.NewEvent(order.EventCancelled, &order.Cancelled{At: now, Reason: reason},
		meta)
	if err != nil {
		return err
	}
	if err := store.AppendOrder(ctx, tx, rec, now, e); err != nil || s.Channels == nil {
		return err
	}
	return s.Channels.Cancelled(ctx, tx, rec, reason, meta)
}

// cancelRefused records that a location could not stop an order.
func (s *Service) cancelRefused(ctx context.Context, tx *store.Tx, f *fulfilmentOrder,
	omsOrderID, detail string, meta store.Meta, now time.Time) error {
	rec, err := store.GetOrder(ctx, tx, omsOrderID)
	if err != nil {
		return err
	}
	e, err := store.NewEvent(order.EventCancelRefused, &order.CancelRefused{
		FulfilmentID: f.ID, Location: f.Location, Detail: detail}, meta)
	if err != nil {
		return err
	}
	return store.AppendOrder(ctx, tx, rec, now, e)
}

// locationCancelled applies a location's report that it cancelled a
// fulfilment order: the answer to Ordo's cancel instructions when there
// are any waiting, and otherwise a cancellation of its own, which holds
// the orders for the operator.
func (s *Service) locationCancelled(ctx context.Context, tx *store.Tx, f *fulfilmentOrder,
	u warehouse.StatusUpdate, meta store.Meta, now time.Time, res *Result) error {
	if f.Status == allocation.FulfilmentShipped || f.Status == allocation.FulfilmentCancelled {
		res.Outcome = Ignored
		res.Detail = fmt.Sprintf("fulfilment order %s is already %s", f.ID, f.Status)
		return nil
	}
	answered, err := s.answerCancels(ctx, tx, f, warehouse.Cancelled, u.Detail, meta, now)
	if err != nil || answered {
		return err
	}
	for _, id := range f.orders() {
		if err := cancelLines(ctx, tx, f, id, now); err != nil {
			return err
		}
		if err := s.hold(ctx, tx, id, f, u.Detail, meta, now); err != nil {
			return err
		}
	}
	return nil
}

// hold puts an order on hold because its location cancelled it unasked.
func (s *Service) hold(ctx context.Context, tx *store.Tx, omsOrderID string,
	f *fulfilmentOrder, detail string, meta store.Meta, now time.Time) error {
	rec, err := store.GetOrder(ctx, tx, omsOrderID)
	if err != nil || !order.CanMove(rec.Status, order.StatusOnHold) {
		return err
	}
	msg := fmt.Sprintf("%s cancelled fulfilment order %s", f.Location, f.ID)
	if detail != "" {
		msg += ": " + detail
	}
	e, err := store.NewEvent(order.EventHeld, &order.Held{Reasons: []order.Reason{{
		Code: ReasonLocationCancelled, Message: msg}}}, meta)
	if err != nil {
		return err
	}
	return store.AppendOrder(ctx, tx, rec, now, e)
}

// tooLate applies a location's report that it could not stop a
// fulfilment order.
func (s *Service) tooLate(ctx context.Context, tx *store.Tx, f *fulfilmentOrder,
	detail string, meta store.Meta, now time.Time, res *Result) error {
	answered, err := s.answerCancels(ctx, tx, f, warehouse.TooLate, detail, meta, now)
	if err == nil && !answered {
		res.Outcome = Ignored
		res.Detail = "no cancel of " + f.ID + " waits for an answer"
	}
	return err
}

// answerCancels gives outcome as the answer to the cancel instructions
// for f that wait for one, and applies it. It reports whether any waited.
func (s *Service) answerCancels(ctx context.Context, tx *store.Tx, f *fulfilmentOrder,
	outcome warehouse.Outcome, detail string, meta store.Meta, now time.Time) (bool, error) {
	waiting, err := openCancels(ctx, tx, f.ID)
	if err != nil {
		return false, err
	}
	for _, ins := range waiting {
		_, err := tx.ExecContext(ctx, `UPDATE instructions SET state = $1, outcome = $2,
			detail = $3, answered_at = $4 WHERE id = $5`, string(StateAnswered),
			string(outcome), detail, store.Micros(now), ins.Reference)
		if err != nil {
			return false, wrap(err, "answer cancel %s", ins.Reference)
		}
		if err := s.applyCancel(ctx, tx, f, ins, outcome, detail, meta, now); err != nil {
			return false, err
		}
	}
	return len(waiting) > 0, nil
}

// openCancels returns the cancel instructions for a fulfilment order that
// have no final answer yet.
func openCancels(ctx context.Context, q store.Querier, fulfilmentID string) (
	[]warehouse.Instruction, error) {
	rows, err := q.QueryContext(ctx, `SELECT body FROM instructions WHERE fulfilment_id = $1
		AND kind = $2 AND outcome NOT IN ($3, $4) ORDER BY created_at, id`,
		fulfilmentID, string(warehouse.KindCancel), string(warehouse.Cancelled),
		string(warehouse.TooLate))
	if err != nil {
		return nil, wrap(err, "cancels of %s", fulfilmentID)
	}
	defer rows.Close()
	var out []warehouse.Instruction
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, wrap(err, "cancels of %s", fulfilmentID)
		}
		ins, err := decodeInstruction(body)
		if err != nil {
			return nil, err
		}
		out = append(out, ins)
	}
	return out, wrap(rows.Err(), "cancels of %s", fulfilmentID)
}
