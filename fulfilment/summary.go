package fulfilment

import (
	"context"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/store"
)

// Summary counts where fulfilment stands, for dashboards and the demo.
type Summary struct {
	// FulfilmentOrders counts fulfilment orders by status.
	FulfilmentOrders map[allocation.FulfilmentStatus]int `json:"fulfilment_orders"`
	// Instructions counts instructions by state.
	Instructions map[State]int `json:"instructions"`
	// AtLocations counts fulfilment orders a location has accepted and not
	// yet shipped or cancelled.
	AtLocations int `json:"at_locations"`
	// Parcels counts the parcels shipped.
	Parcels int `json:"parcels"`
	// RefusedReports counts status reports that could not be applied.
	RefusedReports int `json:"refused_reports"`
}

// Summarize counts where fulfilment stands.
func Summarize(ctx context.Context, q store.Querier) (Summary, error) {
	s := Summary{FulfilmentOrders: map[allocation.FulfilmentStatus]int{},
		Instructions: map[State]int{}}
	if err := countBy(ctx, q, `SELECT status, COUNT(*) FROM fulfilment_orders GROUP BY status`,
		func(k string, n int) { s.FulfilmentOrders[allocation.FulfilmentStatus(k)] = n }); err != nil {
		return s, err
	}
	if err := countBy(ctx, q, `SELECT state, COUNT(*) FROM instructions GROUP BY state`,
		func(k string, n int) { s.Instructions[State(k)] = n }); err != nil {
		return s, err
	}
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM fulfilment_orders f JOIN instructions i ON i.id = f.id
			WHERE f.status IN ($1, $2, $3) AND i.state = $4),
		(SELECT COUNT(*) FROM shipments),
		(SELECT COUNT(*) FROM location_reports WHERE outcome = $5)`,
		string(allocation.FulfilmentReleased), string(allocation.FulfilmentPicked),
		string(allocation.FulfilmentPacked), string(StateAnswered), string(Refused)).
		Scan(&s.AtLocations, &s.Parcels, &s.RefusedReports)
	return s, wrap(err, "summarize")
}

func countBy(ctx context.Context, q store.Querier, query string, add func(string, int)) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return wrap(err, "summarize")
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return wrap(err, "summarize")
		}
		add(k, n)
	}
	return wrap(rows.Err(), "summarize")
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
	err := countBy(ctx, q, query, func(k string, n int) { out[k] = int64(n) })
	return out, err
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
