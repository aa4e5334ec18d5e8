package allocation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

// Unrouted returns validated orders that no decision has placed yet, and
// orders held because no location could ship them, the oldest first, at
// most limit of them. They are orders that arrived while no rule set was
// loaded, whose routing job failed for good, or that a new rule set may
// place.
func Unrouted(ctx context.Context, q store.Querier, limit int) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT oms_order_id FROM orders WHERE status = $1
		OR (status = $2 AND hold_reasons LIKE $3) ORDER BY updated_at, oms_order_id LIMIT $4`,
		string(order.StatusValidated), string(order.StatusOnHold),
		`%"`+ReasonUnroutable+`"%`, limit)
	if err != nil {
		return nil, fmt.Errorf("allocation: unrouted orders: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("allocation: unrouted orders: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// RuleSet is a rule set that has been live.
type RuleSet struct {
	Version  string    `json:"version"`
	Source   string    `json:"source"`
	Content  string    `json:"content"`
	LoadedAt time.Time `json:"loaded_at"`
}

// RecordRuleSet keeps a rule set's text under its version, so that every
// decision's rules can be read back. A version recorded before is kept as
// it was.
func RecordRuleSet(ctx context.Context, q store.Querier, rs RuleSet) error {
	_, err := q.ExecContext(ctx, `INSERT INTO rule_sets (version, source, content, loaded_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING`,
		rs.Version, rs.Source, rs.Content, store.Micros(rs.LoadedAt))
	if err != nil {
		return fmt.Errorf("allocation: record rule set %s: %w", rs.Version, err)
	}
	return nil
}

// LoadRuleSet returns the rule set recorded under version.
func LoadRuleSet(ctx context.Context, q store.Querier, version string) (RuleSet, error) {
	rs := RuleSet{Version: version}
	var at int64
	err := q.QueryRowContext(ctx, `SELECT source, content, loaded_at FROM rule_sets
		WHERE version = $1`, version).Scan(&rs.Source, &rs.Content, &at)
	if errors.Is(err, sql.ErrNoRows) {
		err = store.ErrNotFound
	}
	if err != nil {
		return rs, fmt.Errorf("allocation: rule set %s: %w", version, err)
	}
	rs.LoadedAt = store.FromMicros(at)
	return rs, nil
}
