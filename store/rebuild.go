package store

import (
	"context"
	"fmt"
	"strings"
)

// RebuildProjections deletes the order projections and writes them again
// from the events, in one transaction. Personal data is not a projection and
// is left as it is. It returns the number of orders written.
func RebuildProjections(ctx context.Context, db *DB) (int, error) {
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: rebuild: %w", err)
	}
	defer tx.Rollback()
	for _, table := range []string{"order_lines", "orders"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table); err != nil {
			return 0, fmt.Errorf("store: rebuild: clear %s: %w", table, err)
		}
	}

	records := map[string]*OrderRecord{}
	var streams []string
	err = ReadAll(ctx, tx, 0, func(e Event) error {
		if !strings.HasPrefix(e.StreamID, "order-") {
			return nil
		}
		r := records[e.StreamID]
		if r == nil {
			r = &OrderRecord{}
			records[e.StreamID] = r
			streams = append(streams, e.StreamID)
		}
		return r.apply(e)
	})
	if err != nil {
		return 0, err
	}
	for _, id := range streams {
		if err := SaveOrder(ctx, tx, records[id]); err != nil {
			return 0, fmt.Errorf("store: rebuild: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: rebuild: commit: %w", err)
	}
	return len(streams), nil
}

// Fold replays the events of one order stream onto a new record: the same
// record that live writes and RebuildProjections produce.
func Fold(events []Event) (*OrderRecord, error) {
	var r OrderRecord
	for _, e := range events {
		if err := r.apply(e); err != nil {
			return nil, err
		}
	}
	return &r, nil
}

func (r *OrderRecord) apply(e Event) error {
	if e.Version == 1 {
		r.ReceivedAt = e.RecordedAt
	}
	var err error
	if e.Payload != nil {
		err = r.ApplyPayload(e.Payload)
	} else {
		err = r.Apply(e.Type, e.Data)
	}
	if err != nil {
		return fmt.Errorf("store: fold %s version %d: %w", e.StreamID, e.Version, err)
	}
	r.OMSOrderID = strings.TrimPrefix(e.StreamID, "order-")
	r.Version, r.ChangedAt = e.Version, e.RecordedAt
	return nil
}
