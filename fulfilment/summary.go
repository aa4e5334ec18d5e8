package fulfilment

import (
	"context"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/store"
)

// Summary counts where fulfilment stands, for dashboards and the demo.
type Summary struct {
	// FulfilmentOrders counts fulfilment orders by status.
	FulfilmentOrders map[string]int64 `json:"fulfilment_orders"`
	// Instructions counts instructions by state.
	Instructions map[string]int64 `json:"instructions"`
	// AtLocations counts fulfilment orders a location has accepted and not
	// yet shipped or cancelled.
	AtLocations int64 `json:"at_locations"`
	// Parcels counts the parcels shipped.
	Parcels int64 `json:"parcels"`
}

// Summarize counts where fulfilment stands.
func Summarize(ctx context.Context, q store.Querier) (Summary, error) {
	var s Summary
	var err error
	if s.FulfilmentOrders, err = OrdersByStatus(ctx, q); err != nil {
		return s, err
	}
	if s.Instructions, err = InstructionsByState(ctx, q); err != nil {
		return s, err
	}
	err = q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM fulfilment_orders f JOIN instructions i ON i.id = f.id
			WHERE f.status IN ($1, $2, $3) AND i.state = $4),
		(SELECT COUNT(*) FROM shipments)`,
		string(allocation.FulfilmentReleased), string(allocation.FulfilmentPicked),
		string(allocation.FulfilmentPacked), string(StateAnswered)).
		Scan(&s.AtLocations, &s.Parcels)
	return s, wrap(err, "summarize")
}

// OrdersByStatus counts fulfilment orders by status, for metrics.
func OrdersByStatus(ctx context.Context, q store.Querier) (map[string]int64, error) {
	return counts(ctx, q, `SELECT status, COUNT(*) FROM fulfilment_orders GROUP BY status`,
		allocation.FulfilmentOpen, allocation.FulfilmentReleased, allocation.FulfilmentPicked,
		allocation.FulfilmentPacked, allocation.FulfilmentShipped, allocation.FulfilmentCancelled)
}

// InstructionsByState counts instructions by state, for metrics.
func InstructionsByState(ctx context.Context, q store.Querier) (map[string]int64, error) {
	return counts(ctx, q, `SELECT state, COUNT(*) FROM instructions GROUP BY state`,
		StateShadow, StatePending, StateAnswered, StateRefused)
}

// ReportsByOutcome counts locations' status reports by outcome, for
// metrics.
func ReportsByOutcome(ctx context.Context, q store.Querier) (map[string]int64, error) {
	return counts(ctx, q, `SELECT outcome, COUNT(*) FROM location_reports GROUP BY outcome`,
		Applied, Ignored, Refused)
}

// counts runs a query of keys and counts; every key in known is in the
// result, at 0 if the query has no row for it, so that a dashboard sees
// 0 rather than no data.
func counts[K ~string](ctx context.Context, q store.Querier, query string,
	known ...K) (map[string]int64, error) {
	out := map[string]int64{}
	for _, k := range known {
		out[string(k)] = 0
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, wrap(err, "count")
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, wrap(err, "count")
		}
		out[k] = n
	}
	return out, wrap(rows.Err(), "count")
}

// OpenBreakers returns, for each location, 1 while its circuit breaker
// is open and nothing is sent to it, else 0.
func (s *Service) OpenBreakers(context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	for id, loc := range s.Locations {
		out[id] = 0
		if b, ok := loc.Connector.(interface{ State() string }); ok && b.State() == "open" {
			out[id] = 1
		}
	}
	return out, nil
}
