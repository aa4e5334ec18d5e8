package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Event is one fact in a stream. Version counts the events of its stream
// from 1; Seq orders all events of the database.
type Event struct {
	Seq        int64           `json:"seq"`
	ID         string          `json:"id"`
	StreamID   string          `json:"stream_id"`
	Version    int64           `json:"version"`
	Type       string          `json:"type"`
	Data       json.RawMessage `json:"data"`
	Meta       Meta            `json:"meta"`
	RecordedAt time.Time       `json:"recorded_at"`
	// Payload is what Data encodes, when the event was made in this
	// process, so that folding it need not decode Data again.
	Payload any `json:"-"`
}

// Meta is what an event records about how it came to be.
type Meta struct {
	// TraceID follows the order from the webhook through every job.
	TraceID string `json:"trace_id,omitempty"`
	// CausationID is the id of the event or delivery that caused this one.
	CausationID string `json:"causation_id,omitempty"`
	// CorrelationID groups every event of one business conversation.
	CorrelationID string `json:"correlation_id,omitempty"`
	// IdempotencyKey is the key of the delivery that carried the fact.
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	// OccurredAt is when the fact happened, by the reporter's clock.
	OccurredAt time.Time `json:"occurred_at"`
}

// NewEvent returns an event of the given type whose data is payload, a
// pointer to one of the order package's event payloads, encoded as JSON.
func NewEvent(eventType string, payload any, meta Meta) (Event, error) {
	data, err := json.Marshal(payload)
	if err != nil {
		return Event{}, fmt.Errorf("store: encode %s: %w", eventType, err)
	}
	return Event{Type: eventType, Data: data, Meta: meta, Payload: payload}, nil
}

// Append adds events to a stream whose current version the caller read as
// expected (0 for a new stream). It fills in each event's ID, StreamID,
// Version and RecordedAt, and returns ErrConflict when another writer
// appended first.
func Append(ctx context.Context, tx Querier, stream string, expected int64,
	now time.Time, events []Event) error {
	for i := range events {
		e := &events[i]
		id, err := uuid.NewV7()
		if err != nil {
			return fmt.Errorf("store: event id: %w", err)
		}
		e.ID, e.StreamID, e.Version, e.RecordedAt = id.String(), stream, expected+int64(i)+1, now
		res, err := tx.ExecContext(ctx, `INSERT INTO events (id, stream_id, version, type, data,
			trace_id, causation_id, correlation_id, idempotency_key, occurred_at, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (stream_id, version) DO NOTHING`,
			e.ID, e.StreamID, e.Version, e.Type, string(e.Data),
			e.Meta.TraceID, e.Meta.CausationID, e.Meta.CorrelationID, e.Meta.IdempotencyKey,
			Micros(e.Meta.OccurredAt), Micros(now))
		if err != nil {
			return fmt.Errorf("store: append to %s: %w", stream, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: append to %s: %w", stream, err)
		} else if n == 0 {
			return fmt.Errorf("store: append version %d to %s: %w", e.Version, stream, ErrConflict)
		}
	}
	return nil
}

const eventColumns = `seq, id, stream_id, version, type, data, trace_id, causation_id,
	correlation_id, idempotency_key, occurred_at, recorded_at`

// LoadStream returns every event of a stream in order, or none when the
// stream does not exist.
func LoadStream(ctx context.Context, q Querier, stream string) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+eventColumns+`
		FROM events WHERE stream_id = $1 ORDER BY version`, stream)
	if err != nil {
		return nil, fmt.Errorf("store: load stream %s: %w", stream, err)
	}
	events, err := scanEvents(rows)
	if err != nil {
		return nil, fmt.Errorf("store: load stream %s: %w", stream, err)
	}
	return events, nil
}

// ReadAll calls fn for every event of the database in the order recorded,
// reading a page at a time from after position seq.
func ReadAll(ctx context.Context, q Querier, after int64, fn func(Event) error) error {
	for {
		rows, err := q.QueryContext(ctx, `SELECT `+eventColumns+`
			FROM events WHERE seq > $1 ORDER BY seq LIMIT 1000`, after)
		if err != nil {
			return fmt.Errorf("store: read events after %d: %w", after, err)
		}
		events, err := scanEvents(rows)
		if err != nil {
			return fmt.Errorf("store: read events after %d: %w", after, err)
		}
		if len(events) == 0 {
			return nil
		}
		for _, e := range events {
			if err := fn(e); err != nil {
				return err
			}
		}
		after = events[len(events)-1].Seq
	}
}

func scanEvents(rows *sql.Rows) ([]Event, error) {
	defer rows.Close()
	var events []Event
	for rows.Next() {
		var e Event
		var data string
		var occurred, recorded int64
		if err := rows.Scan(&e.Seq, &e.ID, &e.StreamID, &e.Version, &e.Type, &data,
			&e.Meta.TraceID, &e.Meta.CausationID, &e.Meta.CorrelationID,
			&e.Meta.IdempotencyKey, &occurred, &recorded); err != nil {
			return nil, err
		}
		e.Data = json.RawMessage(data)
		e.Meta.OccurredAt, e.RecordedAt = FromMicros(occurred), FromMicros(recorded)
		events = append(events, e)
	}
	return events, rows.Err()
}
