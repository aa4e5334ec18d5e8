package fulfilment

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// StoredReport is a status report as kept, with what became of it.
type StoredReport struct {
	ID         string          `json:"id"`
	Location   string          `json:"location"`
	EventID    string          `json:"event_id"`
	Reference  string          `json:"reference"`
	Code       string          `json:"code"`
	Status     Status          `json:"status,omitempty"`
	Outcome    Outcome         `json:"outcome"`
	Detail     string          `json:"detail,omitempty"`
	Body       json.RawMessage `json:"body"`
	TraceID    string          `json:"trace_id,omitempty"`
	ReceivedAt time.Time       `json:"received_at"`
}

// ReportFilter selects reports; empty fields select all.
type ReportFilter struct {
	Location string
	Outcome  Outcome
	// After is the cursor of the page before, or "".
	After string
	Limit int
}

// Reports returns the status reports received, newest first, and the
// cursor of the next page, "" after the last. Those refused are the ones
// an operator must look at.
func Reports(ctx context.Context, q store.Querier, f ReportFilter) ([]StoredReport, string, error) {
	var where store.Where
	if f.Location != "" {
		where.And("location = ?", f.Location)
	}
	if f.Outcome != "" {
		where.And("outcome = ?", string(f.Outcome))
	}
	if f.After != "" {
		where.And("id < ?", f.After)
	}
	rows, err := q.QueryContext(ctx, `SELECT id, location, event_id, reference, code, status,
		outcome, detail, body, trace_id, received_at FROM location_reports`+where.String()+
		fmt.Sprintf(" ORDER BY id DESC LIMIT %d", f.Limit), where.Args()...)
	if err != nil {
		return nil, "", wrap(err, "list reports")
	}
	defer rows.Close()
	out := []StoredReport{}
	for rows.Next() {
		var r StoredReport
		var body string
		var at int64
		if err := rows.Scan(&r.ID, &r.Location, &r.EventID, &r.Reference, &r.Code, &r.Status,
			&r.Outcome, &r.Detail, &body, &r.TraceID, &at); err != nil {
			return nil, "", wrap(err, "list reports")
		}
		r.Body, r.ReceivedAt = reportBody(body), store.FromMicros(at)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", wrap(err, "list reports")
	}
	next := ""
	if f.Limit > 0 && len(out) == f.Limit {
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

// reportBody returns a kept body as JSON: as it is when it is JSON, else
// as a JSON string, so that a listing never breaks on what a location
// sent.
func reportBody(body string) json.RawMessage {
	if json.Valid([]byte(body)) {
		return json.RawMessage(body)
	}
	quoted, _ := json.Marshal(body)
	return quoted
}
