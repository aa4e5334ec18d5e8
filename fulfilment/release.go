package fulfilment

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
)

// Due returns up to limit open fulfilment orders whose hold has ended,
// in the order they were made, after the one with id after ("" for the
// first page). Paging through them all reaches every one, however many
// wait for a check.
func (s *Service) Due(ctx context.Context, after string, limit int) ([]string, error) {
	rows, err := s.Read.QueryContext(ctx, `SELECT id FROM fulfilment_orders
		WHERE status = $1 AND hold_until <= $2 AND id > $3 ORDER BY id LIMIT $4`,
		string(allocation.FulfilmentOpen), store.Micros(s.Now()), after, limit)
	if err != nil {
		return nil, fmt.Errorf("fulfilment: due: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("fulfilment: due: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Release releases the fulfilment orders given, in one transaction of
// the group commit, and returns how many went. One is passed over when it
// is not open or its hold has not ended; one that fails a business check
// stays open with the reason in its waiting column, to be tried again.
func (s *Service) Release(ctx context.Context, meta store.Meta, ids ...string) (int, error) {
	var released int
	err := s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		released = 0
		now := s.now()
		for _, id := range ids {
			ok, err := s.release(ctx, tx, id, meta, now)
			if err != nil {
				return err
			}
			if ok {
				released++
			}
		}
		return nil
	})
	return released, err
}

func (s *Service) release(ctx context.Context, tx *store.Tx, id string, meta store.Meta,
	now time.Time) (bool, error) {
	f, err := loadFulfilmentOrder(ctx, tx, id)
	if err != nil {
		return false, err
	}
	if f.Status != allocation.FulfilmentOpen || f.HoldUntil.After(now) {
		return false, nil
	}
	loc, ok := s.Locations[f.Location]
	if !ok {
		return false, s.wait(ctx, tx, f, fmt.Sprintf("location %s is not configured", f.Location), now)
	}
	if open, why := loc.Window.open(now, s.zone(f.Location)); !open {
		return false, s.wait(ctx, tx, f, why, now)
	}
	recs, shipTo, why, err := s.check(ctx, tx, f)
	if err != nil {
		return false, err
	}
	if why != "" {
		return false, s.wait(ctx, tx, f, why, now)
	}
	ins := releaseInstruction(f, shipTo, now)
	if _, err := s.record(ctx, tx, loc, ins, meta.TraceID, now); err != nil {
		return false, err
	}
	if err := setStatus(ctx, tx, f.ID, allocation.FulfilmentReleased, now); err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE fulfilment_orders SET released_at = $1, waiting = ''
		WHERE id = $2`, store.Micros(now), f.ID)
	if err != nil {
		return false, fmt.Errorf("fulfilment: release %s: %w", f.ID, err)
	}
	for _, rec := range recs {
		if err := s.progress(ctx, tx, rec, f, meta, now); err != nil {
			return false, err
		}
	}
	return true, nil
}

// wait records why an open fulfilment order is not released yet.
func (s *Service) wait(ctx context.Context, tx *store.Tx, f *fulfilmentOrder, why string,
	now time.Time) error {
	if f.Waiting == why {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE fulfilment_orders SET waiting = $1, updated_at = $2
		WHERE id = $3`, why, store.Micros(now), f.ID)
	if err != nil {
		return fmt.Errorf("fulfilment: note why %s waits: %w", f.ID, err)
	}
	return nil
}

// zone is the time zone of a location in the live rule set, or nil.
func (s *Service) zone(location string) *time.Location {
	if s.Rules == nil {
		return nil
	}
	set := s.Rules()
	if set == nil {
		return nil
	}
	if l, ok := set.Location(location); ok {
		return l.TimeZone
	}
	return nil
}

// check runs the business checks on every order in a fulfilment order:
// not on hold or cancelled, paid as its channel requires, and an address
// a carrier can deliver to. It returns the orders and the address to ship
// to, or why the fulfilment order must wait.
func (s *Service) check(ctx context.Context, tx *store.Tx, f *fulfilmentOrder) (
	[]*store.OrderRecord, *warehouse.Address, string, error) {
	var recs []*store.OrderRecord
	var shipTo *warehouse.Address
	for _, id := range f.orders() {
		rec, err := store.GetOrder(ctx, tx, id)
		if err != nil {
			return nil, nil, "", err
		}
		if why := s.ready(rec); why != "" {
			return nil, nil, fmt.Sprintf("order %s: %s", id, why), nil
		}
		c, err := store.LoadPersonalData(ctx, tx, id)
		if err != nil {
			return nil, nil, "", err
		}
		a := address(c)
		if why := deliverable(a, f.Country); why != "" {
			return nil, nil, fmt.Sprintf("order %s: %s", id, why), nil
		}
		if shipTo == nil {
			shipTo = a
		}
		recs = append(recs, rec)
	}
	if len(recs) == 0 {
		return nil, nil, "it has no line left to ship", nil
	}
	return recs, shipTo, "", nil
}

// ready says why an order may not go to a warehouse yet, or "".
func (s *Service) ready(rec *store.OrderRecord) string {
	switch rec.Status {
	case order.StatusAllocated, order.StatusReleased, order.StatusPicked, order.StatusPacked:
	case order.StatusOnHold:
		codes := make([]string, len(rec.HoldReasons))
		for i, r := range rec.HoldReasons {
			codes[i] = r.Code
		}
		return "on hold (" + strings.Join(codes, ", ") + ")"
	default:
		return "it is " + string(rec.Status)
	}
	need := PaymentAuthorized
	if s.Payment != nil {
		need = s.Payment(rec.ChannelID)
	}
	if !need.satisfied(rec.Payment) {
		return fmt.Sprintf("payment is %s; its channel needs it %s", rec.Payment, need)
	}
	return ""
}

// deliverable says what a carrier would miss in an address, or "".
func deliverable(a *warehouse.Address, country string) string {
	var missing []string
	for _, f := range []struct{ name, value string }{
		{"name", a.Name}, {"street", a.Line1}, {"postcode", a.Postcode},
		{"city", a.City}, {"country", a.Country}} {
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, f.name)
		}
	}
	switch {
	case len(missing) > 0:
		return "the shipping address has no " + strings.Join(missing, ", ")
	case a.Country != country:
		return fmt.Sprintf("the shipping address is in %s, the shipment was planned for %s",
			a.Country, country)
	}
	return ""
}

// address is where a customer's order goes, named by the customer when
// the address names nobody.
func address(c order.Customer) *warehouse.Address {
	a := c.Shipping
	name := a.Name
	if strings.TrimSpace(name) == "" {
		name = strings.TrimSpace(c.FirstName + " " + c.LastName)
	}
	return &warehouse.Address{Name: name, Company: a.Company, Line1: a.Line1,
		Line2: a.Line2, Postcode: a.Postcode, City: a.City, Region: a.Region,
		Country: a.Country, Phone: c.Phone, Email: c.Email}
}

// releaseInstruction builds the instruction that releases f; its
// reference is the fulfilment order's id.
func releaseInstruction(f *fulfilmentOrder, shipTo *warehouse.Address,
	now time.Time) warehouse.Instruction {
	ins := warehouse.Instruction{Reference: f.ID, Kind: warehouse.KindRelease,
		FulfilmentID: f.ID, Location: f.Location, Carrier: f.Carrier, Method: f.Method,
		ShipBy: f.ShipBy, ShipTo: shipTo, CreatedAt: now}
	for _, l := range f.Lines {
		if l.live() {
			ins.Lines = append(ins.Lines, warehouse.Line{OrderID: l.OrderID, LineID: l.LineID,
				SKU: l.SKU, Quantity: l.Quantity})
		}
	}
	return ins
}
