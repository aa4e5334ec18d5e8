package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/ordo-oms/ordo/order"
)

// SavePersonalData stores the personal data of an order, apart from its
// facts and its events, so that erasing it leaves the order history whole.
func SavePersonalData(ctx context.Context, tx Querier, omsOrderID string,
	c order.Customer, now time.Time) error {
	data, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("store: encode personal data of %s: %w", omsOrderID, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO personal_data (oms_order_id, data, updated_at)
		VALUES ($1, $2, $3) ON CONFLICT (oms_order_id) DO UPDATE
		SET data = excluded.data, updated_at = excluded.updated_at`,
		omsOrderID, string(data), Micros(now))
	if err != nil {
		return fmt.Errorf("store: save personal data of %s: %w", omsOrderID, err)
	}
	return nil
}

// LoadPersonalData returns the personal data of an order; an order whose
// data was erased has none.
func LoadPersonalData(ctx context.Context, q Querier, omsOrderID string) (order.Customer, error) {
	var c order.Customer
	var data string
	err := q.QueryRowContext(ctx,
		`SELECT data FROM personal_data WHERE oms_order_id = $1`, omsOrderID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("store: load personal data of %s: %w", omsOrderID, err)
	}
	if err := jsonv2.Unmarshal([]byte(data), &c); err != nil {
		return c, fmt.Errorf("store: decode personal data of %s: %w", omsOrderID, err)
	}
	return c, nil
}
