package allocation

import (
	"context"
	"fmt"

	"github.com/ordo-oms/ordo/store"
)

// Totals sums up the fulfilment orders not cancelled.
type Totals struct {
	// FulfilmentOrders is how many there are.
	FulfilmentOrders int `json:"fulfilment_orders"`
	// Bundled is how many ship more than one part: orders of one customer,
	// or the parts of an order that shipped in parts, joined while held.
	Bundled int `json:"bundled"`
	// Saved is the shipping cost bundling saved, in minor units of the rule
	// set's currency.
	Saved int64 `json:"saved"`
}

// Summarize returns the totals of the fulfilment orders.
func Summarize(ctx context.Context, q store.Querier) (Totals, error) {
	var t Totals
	err := q.QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN parts > 1 THEN 1 ELSE 0 END), 0), COALESCE(SUM(saved_cost), 0)
		FROM fulfilment_orders WHERE status <> $1`, string(FulfilmentCancelled)).
		Scan(&t.FulfilmentOrders, &t.Bundled, &t.Saved)
	if err != nil {
		return t, fmt.Errorf("allocation: summarize: %w", err)
	}
	return t, nil
}

// DecidedAs returns up to limit orders whose latest decision had the given
// outcome (allocated, partial or backordered), most recent first, as
// examples to explain.
func DecidedAs(ctx context.Context, q store.Querier, outcome string, limit int) (
	[]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.oms_order_id FROM routing_decisions d
		WHERE d.outcome = $1 AND d.decided_at = (SELECT MAX(decided_at)
		FROM routing_decisions l WHERE l.oms_order_id = d.oms_order_id)
		ORDER BY d.decided_at DESC, d.oms_order_id LIMIT $2`, outcome, limit)
	if err != nil {
		return nil, fmt.Errorf("allocation: orders decided as %s: %w", outcome, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("allocation: orders decided as %s: %w", outcome, err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// BundledOrders returns up to limit orders whose fulfilment order ships
// more than one part, newest first.
func BundledOrders(ctx context.Context, q store.Querier, limit int) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT MAX(l.oms_order_id) FROM fulfilment_lines l
		JOIN fulfilment_orders f ON f.id = l.fulfilment_id WHERE f.parts > 1
		GROUP BY l.fulfilment_id ORDER BY l.fulfilment_id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("allocation: bundled orders: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("allocation: bundled orders: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
