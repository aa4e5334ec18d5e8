package pull

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// Mark is how far a channel's polls have read.
type Mark struct {
	ChannelID string    `json:"channel_id"`
	Mark      time.Time `json:"mark"`
	PolledAt  time.Time `json:"polled_at"`
	Seen      int       `json:"seen"`
}

func (s *Service) mark(ctx context.Context, channelID string) (time.Time, bool, error) {
	var micros int64
	err := s.Read.QueryRowContext(ctx, `SELECT mark FROM channel_marks WHERE channel_id = $1`,
		channelID).Scan(&micros)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("pull: read mark of %s: %w", channelID, err)
	}
	return store.FromMicros(micros), true, nil
}

func (s *Service) saveMark(ctx context.Context, channelID string, p Polled) error {
	return s.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO channel_marks (channel_id, mark, polled_at,
			seen) VALUES ($1, $2, $3, $4) ON CONFLICT (channel_id) DO UPDATE
			SET mark = excluded.mark, polled_at = excluded.polled_at, seen = excluded.seen`,
			channelID, store.Micros(p.Mark), store.Micros(s.Now()), p.Seen)
		if err != nil {
			return fmt.Errorf("pull: save mark of %s: %w", channelID, err)
		}
		return nil
	})
}

// Marks lists how far each channel's polls have read.
func (s *Service) Marks(ctx context.Context) ([]Mark, error) {
	rows, err := s.Read.QueryContext(ctx, `SELECT channel_id, mark, polled_at, seen
		FROM channel_marks ORDER BY channel_id`)
	if err != nil {
		return nil, fmt.Errorf("pull: list marks: %w", err)
	}
	defer rows.Close()
	var out []Mark
	for rows.Next() {
		var m Mark
		var mark, polled int64
		if err := rows.Scan(&m.ChannelID, &mark, &polled, &m.Seen); err != nil {
			return nil, fmt.Errorf("pull: list marks: %w", err)
		}
		m.Mark, m.PolledAt = store.FromMicros(mark), store.FromMicros(polled)
		out = append(out, m)
	}
	return out, rows.Err()
}
