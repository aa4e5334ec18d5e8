package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/store"
)

// Call is one recorded call to a channel, as an operator sees it.
type Call struct {
	ID         string            `json:"id"`
	ChannelID  string            `json:"channel_id"`
	OMSOrderID string            `json:"oms_order_id"`
	Kind       string            `json:"kind"`
	Subject    string            `json:"subject"`
	Payload    json.RawMessage   `json:"payload"`
	Requests   []channel.Request `json:"requests"`
	State      State             `json:"state"`
	Reference  string            `json:"reference,omitempty"`
	Detail     string            `json:"detail,omitempty"`
	TraceID    string            `json:"trace_id,omitempty"`
	CreatedAt  time.Time         `json:"created_at"`
	SentAt     time.Time         `json:"sent_at,omitzero"`
}

// Filter selects calls; zero fields select all.
type Filter struct {
	ID         string
	ChannelID  string
	OMSOrderID string
	State      State
	// Limit caps how many are returned, newest first; 0 means 100.
	Limit int
}

// Calls lists recorded calls, newest first.
func (s *Service) Calls(ctx context.Context, f Filter) ([]Call, error) {
	var w store.Where
	if f.ID != "" {
		w.And("id = ?", f.ID)
	}
	if f.ChannelID != "" {
		w.And("channel_id = ?", f.ChannelID)
	}
	if f.OMSOrderID != "" {
		w.And("oms_order_id = ?", f.OMSOrderID)
	}
	if f.State != "" {
		w.And("state = ?", string(f.State))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.Read.QueryContext(ctx, `SELECT id, channel_id, oms_order_id, kind, subject,
		payload, requests, state, reference, detail, trace_id, created_at, sent_at
		FROM channel_calls`+w.String()+fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT %d`,
		limit), w.Args()...)
	if err != nil {
		return nil, fmt.Errorf("outbox: list calls: %w", err)
	}
	defer rows.Close()
	var out []Call
	for rows.Next() {
		var c Call
		var payload, requests, state string
		var created, sent int64
		if err := rows.Scan(&c.ID, &c.ChannelID, &c.OMSOrderID, &c.Kind, &c.Subject, &payload,
			&requests, &state, &c.Reference, &c.Detail, &c.TraceID, &created,
			&sent); err != nil {
			return nil, fmt.Errorf("outbox: list calls: %w", err)
		}
		c.Payload = json.RawMessage(payload)
		if err := json.Unmarshal([]byte(requests), &c.Requests); err != nil {
			return nil, fmt.Errorf("outbox: decode requests of call %s: %w", c.ID, err)
		}
		c.State = State(state)
		c.CreatedAt = store.FromMicros(created)
		if sent > 0 {
			c.SentAt = store.FromMicros(sent)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Count returns how many calls each channel has in each state, for the
// metrics.
func (s *Service) Count(ctx context.Context) (map[[2]string]int, error) {
	rows, err := s.Read.QueryContext(ctx, `SELECT channel_id, state, COUNT(*)
		FROM channel_calls GROUP BY channel_id, state`)
	if err != nil {
		return nil, fmt.Errorf("outbox: count calls: %w", err)
	}
	defer rows.Close()
	out := map[[2]string]int{}
	for rows.Next() {
		var ch, state string
		var n int
		if err := rows.Scan(&ch, &state, &n); err != nil {
			return nil, fmt.Errorf("outbox: count calls: %w", err)
		}
		out[[2]string{ch, state}] = n
	}
	return out, rows.Err()
}
