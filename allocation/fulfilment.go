package allocation

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/routing"
	"github.com/ordo-oms/ordo/store"
)

// FulfilmentStatus is where a fulfilment order stands.
type FulfilmentStatus string

// The statuses of a fulfilment order. An open one is held for a short
// while so that the same customer's next order can join it; then it is
// released to its location, which reports it picked, packed and shipped.
// Its lines take the same statuses.
const (
	FulfilmentOpen      FulfilmentStatus = "open"
	FulfilmentReleased  FulfilmentStatus = "released"
	FulfilmentPicked    FulfilmentStatus = "picked"
	FulfilmentPacked    FulfilmentStatus = "packed"
	FulfilmentShipped   FulfilmentStatus = "shipped"
	FulfilmentCancelled FulfilmentStatus = "cancelled"
)

// FulfilmentOrder is one shipment planned from one location, for one or
// more orders of the same customer to the same address.
type FulfilmentOrder struct {
	ID       string           `json:"id"`
	Location string           `json:"location"`
	Status   FulfilmentStatus `json:"status"`
	Carrier  string           `json:"carrier"`
	Country  string           `json:"country"`
	Method   order.Method     `json:"method"`
	// Currency is the rule set's, in which rate tables state costs.
	Currency string `json:"currency"`
	WeightG  int64  `json:"weight_g"`
	// ShippingCost is what the shipment costs by the rate tables, in minor
	// units of Currency.
	ShippingCost int64 `json:"shipping_cost"`
	// SavedCost is what shipping the joined parts together saves against
	// shipping each on its own.
	SavedCost int64 `json:"saved_cost"`
	// Parts is how many parts of orders, of one customer, it ships: more
	// than one when later orders, or the later part of a split one,
	// joined it.
	Parts  int       `json:"parts"`
	ShipBy time.Time `json:"ship_by"`
	// ETA is the expected day of delivery, as YYYY-MM-DD.
	ETA string `json:"eta"`
	// HoldUntil is when the fulfilment order stops taking other orders and
	// may be released to its location.
	HoldUntil time.Time        `json:"hold_until"`
	CreatedAt time.Time        `json:"created_at"`
	Lines     []FulfilmentLine `json:"lines"`
}

// FulfilmentLine is an order line's quantity in a fulfilment order.
type FulfilmentLine struct {
	OMSOrderID string `json:"oms_order_id"`
	LineID     string `json:"line_id"`
	SKU        string `json:"sku"`
	Quantity   int64  `json:"quantity"`
	Status     string `json:"status"`
}

// bundleKey identifies a customer and destination, so that two orders
// going to the same person at the same address can share a shipment. It
// is a hash: the fulfilment order holds no personal data. An order without
// an address or e-mail gets no key and never joins another.
func bundleKey(c order.Customer) string {
	a := c.Shipping
	if c.Email == "" || a.Line1 == "" || a.Country == "" {
		return ""
	}
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	h := sha256.New()
	for _, s := range []string{c.Email, a.Name, a.Company, a.Line1, a.Line2,
		strings.ReplaceAll(a.Postcode, " ", ""), a.City, a.Country} {
		h.Write([]byte(norm(s)))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fulfil puts a part into a fulfilment order and returns its id: an open
// one of the same customer at the same location, carrier and delivery day
// whose hold has not ended, else a new one.
func (r *recorder) fulfil(ctx context.Context, p routing.Part, key string) (string, error) {
	id, joined, err := r.join(ctx, p, key)
	if err != nil || joined {
		return id, err
	}
	uid, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("allocation: fulfilment id: %w", err)
	}
	id = uid.String()
	d := r.o.Delivery
	hold := r.eng.HoldUntil(p, r.now)
	_, err = r.tx.ExecContext(ctx, `INSERT INTO fulfilment_orders (id, location, status,
		bundle_key, carrier, country, method, currency, weight_g, shipping_cost, saved_cost,
		parts, ship_by, eta, hold_until, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, 1, $11, $12, $13, $14, $14)`,
		id, p.Location, string(FulfilmentOpen), key, p.Carrier, d.Country, string(d.Method),
		r.eng.Rules().Currency(), p.WeightG, p.ShippingCost, store.Micros(p.ShipBy), etaDate(p),
		store.Micros(hold), store.Micros(r.now))
	if err != nil {
		return "", fmt.Errorf("allocation: create fulfilment order: %w", err)
	}
	if err := r.jobs.EnqueueRelease(ctx, r.tx, id, hold); err != nil {
		return "", err
	}
	return id, r.addLines(ctx, id, p)
}

// join adds a part to an open fulfilment order of the same customer, if
// one can take it, and records the shipping cost saved.
func (r *recorder) join(ctx context.Context, p routing.Part, key string) (string, bool, error) {
	if key == "" {
		return "", false, nil
	}
	var id string
	var weight, cost, saved int64
	err := r.tx.QueryRowContext(ctx, `SELECT id, weight_g, shipping_cost, saved_cost
		FROM fulfilment_orders WHERE location = $1 AND bundle_key = $2 AND status = $3
		AND carrier = $4 AND eta = $5 AND method = $6 AND currency = $7 AND hold_until > $8
		ORDER BY created_at LIMIT 1`,
		p.Location, key, string(FulfilmentOpen), p.Carrier, etaDate(p),
		string(r.o.Delivery.Method), r.eng.Rules().Currency(), store.Micros(r.now)).
		Scan(&id, &weight, &cost, &saved)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("allocation: find fulfilment order to join: %w", err)
	}
	d := r.o.Delivery
	together, ok := r.eng.ShippingCost(p.Location, p.Carrier, d.Country, d.Method,
		weight+p.WeightG)
	if !ok {
		return "", false, nil // The joined parcel is past every rate band.
	}
	saved += cost + p.ShippingCost - together
	_, err = r.tx.ExecContext(ctx, `UPDATE fulfilment_orders SET weight_g = $1,
		shipping_cost = $2, saved_cost = $3, parts = parts + 1, updated_at = $4 WHERE id = $5`,
		weight+p.WeightG, together, saved, store.Micros(r.now), id)
	if err != nil {
		return "", false, fmt.Errorf("allocation: join fulfilment order %s: %w", id, err)
	}
	return id, true, r.addLines(ctx, id, p)
}

// etaDate is the day a part is expected, in the zone of the location it
// leaves from.
func etaDate(p routing.Part) string { return p.ETA.Format(time.DateOnly) }

func (r *recorder) addLines(ctx context.Context, id string, p routing.Part) error {
	for _, l := range p.Lines {
		_, err := r.tx.ExecContext(ctx, `INSERT INTO fulfilment_lines (fulfilment_id,
			oms_order_id, line_id, sku, quantity, status) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (fulfilment_id, oms_order_id, line_id)
			DO UPDATE SET quantity = fulfilment_lines.quantity + excluded.quantity`,
			id, r.c.OMSOrderID, l.LineID, l.SKU, l.Quantity, string(FulfilmentOpen))
		if err != nil {
			return fmt.Errorf("allocation: add line %s to fulfilment order %s: %w",
				l.LineID, id, err)
		}
	}
	return nil
}

// plannedQuantities returns, per line of an order, the quantity that
// fulfilment orders already hold.
func plannedQuantities(ctx context.Context, q store.Querier, omsOrderID string) (
	map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT line_id, SUM(quantity) FROM fulfilment_lines
		WHERE oms_order_id = $1 AND status <> $2 GROUP BY line_id`,
		omsOrderID, string(FulfilmentCancelled))
	if err != nil {
		return nil, fmt.Errorf("allocation: planned lines of %s: %w", omsOrderID, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var line string
		var n int64
		if err := rows.Scan(&line, &n); err != nil {
			return nil, fmt.Errorf("allocation: planned lines of %s: %w", omsOrderID, err)
		}
		out[line] = n
	}
	return out, rows.Err()
}

// FulfilmentOrders returns the fulfilment orders that hold lines of an
// order, oldest first, each with all its lines, the other orders' too.
func FulfilmentOrders(ctx context.Context, q store.Querier, omsOrderID string) (
	[]FulfilmentOrder, error) {
	rows, err := q.QueryContext(ctx, `SELECT f.id, f.location, f.status, f.carrier,
		f.country, f.method, f.currency, f.weight_g, f.shipping_cost, f.saved_cost, f.parts,
		f.ship_by, f.eta, f.hold_until, f.created_at
		FROM fulfilment_orders f WHERE f.id IN (SELECT fulfilment_id FROM fulfilment_lines
		WHERE oms_order_id = $1) ORDER BY f.created_at, f.id`, omsOrderID)
	if err != nil {
		return nil, fmt.Errorf("allocation: fulfilment orders of %s: %w", omsOrderID, err)
	}
	var fos []FulfilmentOrder
	for rows.Next() {
		var f FulfilmentOrder
		var shipBy, hold, created int64
		if err := rows.Scan(&f.ID, &f.Location, &f.Status, &f.Carrier, &f.Country,
			&f.Method, &f.Currency, &f.WeightG, &f.ShippingCost, &f.SavedCost, &f.Parts, &shipBy,
			&f.ETA, &hold, &created); err != nil {
			rows.Close()
			return nil, fmt.Errorf("allocation: fulfilment orders of %s: %w", omsOrderID, err)
		}
		f.ShipBy = store.FromMicros(shipBy)
		f.HoldUntil, f.CreatedAt = store.FromMicros(hold), store.FromMicros(created)
		fos = append(fos, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("allocation: fulfilment orders of %s: %w", omsOrderID, err)
	}
	for i := range fos {
		if fos[i].Lines, err = fulfilmentLines(ctx, q, fos[i].ID); err != nil {
			return nil, err
		}
	}
	return fos, nil
}

func fulfilmentLines(ctx context.Context, q store.Querier, id string) ([]FulfilmentLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT oms_order_id, line_id, sku, quantity, status
		FROM fulfilment_lines WHERE fulfilment_id = $1 ORDER BY oms_order_id, line_id`, id)
	if err != nil {
		return nil, fmt.Errorf("allocation: lines of fulfilment order %s: %w", id, err)
	}
	defer rows.Close()
	var out []FulfilmentLine
	for rows.Next() {
		var l FulfilmentLine
		if err := rows.Scan(&l.OMSOrderID, &l.LineID, &l.SKU, &l.Quantity, &l.Status); err != nil {
			return nil, fmt.Errorf("allocation: lines of fulfilment order %s: %w", id, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
