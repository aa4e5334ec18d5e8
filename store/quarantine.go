package store

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
)

// Quarantined is an inbound delivery that could not be read, kept whole so
// that an operator can see what arrived and why it was refused.
type Quarantined struct {
	ID         string      `json:"id"`
	Source     string      `json:"source"`
	Reason     string      `json:"reason"`
	Headers    http.Header `json:"headers"`
	Body       []byte      `json:"body"`
	ReceivedAt time.Time   `json:"received_at"`
}

// Quarantine stores a delivery that could not be read and returns its id.
// Callers must leave secrets such as signatures out of headers.
func Quarantine(ctx context.Context, q Querier, d Quarantined) (string, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return "", fmt.Errorf("store: quarantine id: %w", err)
	}
	headers, err := json.Marshal(d.Headers)
	if err != nil {
		return "", fmt.Errorf("store: encode quarantined headers: %w", err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO quarantine (id, source, reason, headers, body,
		received_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		id.String(), d.Source, d.Reason, string(headers), d.Body, Micros(d.ReceivedAt))
	if err != nil {
		return "", fmt.Errorf("store: quarantine delivery from %s: %w", d.Source, err)
	}
	return id.String(), nil
}

// ListQuarantine returns up to limit quarantined deliveries, newest first,
// received before the one with id before (all when before is empty).
func ListQuarantine(ctx context.Context, q Querier, before string,
	limit int) ([]Quarantined, error) {
	if limit <= 0 {
		limit = 100
	}
	query := `SELECT id, source, reason, headers, body, received_at FROM quarantine`
	args := []any{}
	if before != "" {
		query += ` WHERE id < $1`
		args = append(args, before)
	}
	query += fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, limit)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list quarantine: %w", err)
	}
	defer rows.Close()
	var out []Quarantined
	for rows.Next() {
		var d Quarantined
		var headers string
		var at int64
		if err := rows.Scan(&d.ID, &d.Source, &d.Reason, &headers, &d.Body, &at); err != nil {
			return nil, fmt.Errorf("store: list quarantine: %w", err)
		}
		if err := json.Unmarshal([]byte(headers), &d.Headers); err != nil {
			return nil, fmt.Errorf("store: decode quarantined headers: %w", err)
		}
		d.ReceivedAt = FromMicros(at)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list quarantine: %w", err)
	}
	return out, nil
}
