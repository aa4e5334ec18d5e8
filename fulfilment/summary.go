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
