package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Receipt is the stored outcome of an inbound delivery, replayed to every
// duplicate of it.
type Receipt struct {
	// RequestHash identifies the content first delivered under the key.
	RequestHash string
	// Response is the outcome recorded for the first delivery.
	Response []byte
}

// Claim records that a delivery with key is being handled, inside the
// transaction that will record its effects. It returns nil when the key is
// new; otherwise the receipt of the delivery that claimed it first, and the
// caller must do nothing. On PostgreSQL a concurrent claim of the same key
// waits for the first to commit or roll back.
func Claim(ctx context.Context, tx Querier, key, requestHash string,
	now time.Time) (*Receipt, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO inbox (key, request_hash, response,
		received_at) VALUES ($1, $2, '', $3) ON CONFLICT (key) DO NOTHING`,
		key, requestHash, Micros(now))
	if err != nil {
		return nil, fmt.Errorf("store: claim %s: %w", key, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, fmt.Errorf("store: claim %s: %w", key, err)
	} else if n == 1 {
		return nil, nil
	}
	var r Receipt
	var body string
	err = tx.QueryRowContext(ctx, `SELECT request_hash, response FROM inbox
		WHERE key = $1`, key).Scan(&r.RequestHash, &body)
	if err != nil {
		return nil, fmt.Errorf("store: read receipt %s: %w", key, err)
	}
	r.Response = []byte(body)
	return &r, nil
}

// Settle stores the outcome of a claimed delivery so that duplicates get the
// same one.
func Settle(ctx context.Context, tx Querier, key string, response []byte) error {
	_, err := tx.ExecContext(ctx, `UPDATE inbox SET response = $1 WHERE key = $2`,
		string(response), key)
	if err != nil {
		return fmt.Errorf("store: settle %s: %w", key, err)
	}
	return nil
}

// PruneInbox forgets the keys of deliveries received before cutoff and
// returns how many it removed.
func PruneInbox(ctx context.Context, db *sql.DB, cutoff time.Time) (int64, error) {
	res, err := db.ExecContext(ctx, `DELETE FROM inbox WHERE received_at < $1`, Micros(cutoff))
	if err != nil {
		return 0, fmt.Errorf("store: prune inbox: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: prune inbox: %w", err)
	}
	return n, nil
}
