package allocation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/inventory"
	"github.com/ordo-oms/ordo/routing"
	"github.com/ordo-oms/ordo/store"
)

// backorderedSince returns when an order began to wait for stock, and
// whether it waits.
func backorderedSince(ctx context.Context, q store.Querier, omsOrderID string) (
	time.Time, bool, error) {
	var since sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT MIN(since) FROM backorders WHERE oms_order_id = $1`,
		omsOrderID).Scan(&since)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, fmt.Errorf("allocation: backorder of %s: %w", omsOrderID, err)
	}
	if !since.Valid {
		return time.Time{}, false, nil
	}
	return store.FromMicros(since.Int64), true, nil
}

// saveBackorders records what an order still waits for, per SKU, keeping
// when it began to wait so that the oldest backorder can go first.
func saveBackorders(ctx context.Context, q store.Querier, omsOrderID string,
	lines []routing.LineQty, now time.Time) error {
	since, waiting, err := backorderedSince(ctx, q, omsOrderID)
	if err != nil {
		return err
	}
	if !waiting {
		since = now
	}
	if err := clearBackorders(ctx, q, omsOrderID); err != nil {
		return err
	}
	bySKU := map[string]int64{}
	var seen []string
	for _, l := range lines {
		if _, ok := bySKU[l.SKU]; !ok {
			seen = append(seen, l.SKU)
		}
		bySKU[l.SKU] += l.Quantity
	}
	for _, sku := range seen {
		_, err := q.ExecContext(ctx, `INSERT INTO backorders (oms_order_id, sku, quantity,
			since) VALUES ($1, $2, $3, $4)`, omsOrderID, sku, bySKU[sku], store.Micros(since))
		if err != nil {
			return fmt.Errorf("allocation: save backorder of %s: %w", omsOrderID, err)
		}
	}
	return nil
}

func clearBackorders(ctx context.Context, q store.Querier, omsOrderID string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM backorders WHERE oms_order_id = $1`, omsOrderID)
	if err != nil {
		return fmt.Errorf("allocation: clear backorder of %s: %w", omsOrderID, err)
	}
	return nil
}

// Waiting returns the orders that wait for any of the given SKUs, those
// waiting longest first, at most limit of them.
func Waiting(ctx context.Context, q store.Querier, skus []string, limit int) ([]string, error) {
	if len(skus) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(skus)+1)
	marks := make([]string, len(skus))
	for i, s := range skus {
		args = append(args, s)
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	args = append(args, limit)
	rows, err := q.QueryContext(ctx, `SELECT oms_order_id, MIN(since) FROM backorders
		WHERE sku IN (`+strings.Join(marks, ", ")+`) GROUP BY oms_order_id
		ORDER BY MIN(since), oms_order_id LIMIT $`+fmt.Sprint(len(skus)+1), args...)
	if err != nil {
		return nil, fmt.Errorf("allocation: orders waiting for stock: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		var since int64
		if err := rows.Scan(&id, &since); err != nil {
			return nil, fmt.Errorf("allocation: orders waiting for stock: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Cancel undoes an order's allocation in tx, as its cancellation is
// recorded: its reservations are released, its lines leave their
// fulfilment orders, and it no longer waits for stock. A fulfilment order
// left with no line is cancelled. Cancelling twice does nothing more.
func Cancel(ctx context.Context, tx store.Querier, omsOrderID string, now time.Time) error {
	if _, err := inventory.Release(ctx, tx, omsOrderID, now); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE fulfilment_lines SET status = $1
		WHERE oms_order_id = $2 AND status = $3`,
		string(FulfilmentCancelled), omsOrderID, string(FulfilmentOpen))
	if err != nil {
		return fmt.Errorf("allocation: cancel lines of %s: %w", omsOrderID, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE fulfilment_orders SET status = $1, updated_at = $2
		WHERE status = $3 AND id IN (SELECT fulfilment_id FROM fulfilment_lines
		WHERE oms_order_id = $4) AND NOT EXISTS (SELECT 1 FROM fulfilment_lines l
		WHERE l.fulfilment_id = fulfilment_orders.id AND l.status = $3)`,
		string(FulfilmentCancelled), store.Micros(now), string(FulfilmentOpen), omsOrderID)
	if err != nil {
		return fmt.Errorf("allocation: cancel fulfilment orders of %s: %w", omsOrderID, err)
	}
	return clearBackorders(ctx, tx, omsOrderID)
}

// restockBatch bounds the waiting orders one arrival of stock schedules;
// the sweep of unrouted orders does not take backorders, so the rest are
// scheduled by the next arrival of the same SKUs.
const restockBatch = 1000

// Restock schedules routing, in tx, of the orders that wait for any of the
// SKUs whose stock just grew, those waiting longest first. The rule set's
// priority then decides among them who gets the stock.
func (s *Service) Restock(ctx context.Context, tx *store.Tx, skus []string) error {
	ids, err := Waiting(ctx, tx, skus, restockBatch)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.Jobs.EnqueueRouting(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}
