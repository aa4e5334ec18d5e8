package filedrop

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// State is what became of a file that was taken.
type State string

// The states of a receipt.
const (
	// StateDone means the file was applied, or its content had been
	// applied before; it goes to done/.
	StateDone State = "done"
	// StateError means the file was refused; it goes to error/ with its
	// problems.
	StateError State = "error"
)

// Receipt records one taking of a file from a drop directory.
type Receipt struct {
	// ID identifies the receipt; IDs sort in the order files were taken.
	ID string
	// Source is the Poller's source, Name the file's name when it was
	// taken, and Size and ModTime what the directory said of it.
	Source  string
	Name    string
	Size    int64
	ModTime time.Time
	// SHA256 is the hex SHA-256 of the content.
	SHA256 string
	State  State
	// Reasons lists a refused file's problems, one line each.
	Reasons []string
	// DuplicateOf is the receipt of the file that applied the same content
	// when this one was therefore not applied; Note then says so.
	DuplicateOf string
	Note        string
	// MovedTo is where the file went, such as done/stock.csv; it is empty
	// while the move is still to be made.
	MovedTo string
	// TakenAt is when the file was applied or refused, MovedAt when it was
	// moved.
	TakenAt time.Time
	MovedAt time.Time
}

// Receipts returns up to limit receipts of source, newest first, or of
// every source when source is empty. A limit of zero or less means 100.
func Receipts(ctx context.Context, q store.Querier, source string,
	limit int) ([]Receipt, error) {
	if limit <= 0 {
		limit = 100
	}
	query := `SELECT ` + receiptColumns + ` FROM file_receipts`
	args := []any{}
	if source != "" {
		query += ` WHERE source = $1`
		args = append(args, source)
	}
	query += fmt.Sprintf(` ORDER BY taken_at DESC, id DESC LIMIT %d`, limit)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("filedrop: list receipts: %w", err)
	}
	defer rows.Close()
	var out []Receipt
	for rows.Next() {
		r, err := scanReceipt(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("filedrop: list receipts: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("filedrop: list receipts: %w", err)
	}
	return out, nil
}

const receiptColumns = `id, source, name, size, modified_at, sha256, state, reasons,
	duplicate_of, note, moved_to, taken_at, moved_at`

// scanReceipt reads a row of receiptColumns.
func scanReceipt(scan func(dest ...any) error) (Receipt, error) {
	var r Receipt
	var modified, taken, moved int64
	var reasons string
	err := scan(&r.ID, &r.Source, &r.Name, &r.Size, &modified, &r.SHA256, &r.State, &reasons,
		&r.DuplicateOf, &r.Note, &r.MovedTo, &taken, &moved)
	if err != nil {
		return Receipt{}, err
	}
	if err := json.Unmarshal([]byte(reasons), &r.Reasons); err != nil {
		return Receipt{}, fmt.Errorf("reasons of receipt %s: %w", r.ID, err)
	}
	if len(r.Reasons) == 0 {
		r.Reasons = nil
	}
	r.ModTime, r.TakenAt, r.MovedAt = store.FromMicros(modified), store.FromMicros(taken), store.FromMicros(moved)
	return r, nil
}

// insertReceipt stores r. It reports false, storing nothing, when r would
// apply content of its source that another receipt applied already.
func insertReceipt(ctx context.Context, q store.Querier, r Receipt) (bool, error) {
	reasons, err := json.Marshal(nonNil(r.Reasons))
	if err != nil {
		return false, fmt.Errorf("filedrop: store receipt of %s: %w", r.Name, err)
	}
	res, err := q.ExecContext(ctx, `INSERT INTO file_receipts (`+receiptColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (source, sha256) WHERE state = 'done' AND duplicate_of = ''
		DO NOTHING`,
		r.ID, r.Source, r.Name, r.Size, store.Micros(r.ModTime), r.SHA256, r.State, string(reasons),
		r.DuplicateOf, r.Note, r.MovedTo, store.Micros(r.TakenAt), store.Micros(r.MovedAt))
	if err != nil {
		return false, fmt.Errorf("filedrop: store receipt of %s: %w", r.Name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("filedrop: store receipt of %s: %w", r.Name, err)
	}
	return n == 1, nil
}

// applier returns the receipt of the file that applied content sum of
// source.
func applier(ctx context.Context, q store.Querier, source, sum string) (Receipt, error) {
	r, err := scanReceipt(q.QueryRowContext(ctx, `SELECT `+receiptColumns+`
		FROM file_receipts WHERE source = $1 AND sha256 = $2 AND state = 'done'
		AND duplicate_of = ''`, source, sum).Scan)
	if err != nil {
		return Receipt{}, fmt.Errorf("filedrop: find the file that applied %s: %w", sum, err)
	}
	return r, nil
}

// unmoved returns the receipt of file name of source with content sum that
// has not been moved yet, or nil when there is none.
func unmoved(ctx context.Context, q store.Querier, source, name, sum string) (*Receipt, error) {
	r, err := scanReceipt(q.QueryRowContext(ctx, `SELECT `+receiptColumns+`
		FROM file_receipts WHERE source = $1 AND name = $2 AND moved_at = 0
		AND sha256 = $3 ORDER BY taken_at DESC, id DESC LIMIT 1`, source, name, sum).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("filedrop: find receipt of %s: %w", name, err)
	}
	return &r, nil
}

// refuse records that the file of receipt id was refused for reasons.
func refuse(ctx context.Context, q store.Querier, id string, reasons []string) error {
	b, err := json.Marshal(nonNil(reasons))
	if err != nil {
		return fmt.Errorf("filedrop: refuse %s: %w", id, err)
	}
	if _, err := q.ExecContext(ctx, `UPDATE file_receipts SET state = 'error', reasons = $1
		WHERE id = $2`, string(b), id); err != nil {
		return fmt.Errorf("filedrop: refuse %s: %w", id, err)
	}
	return nil
}

// markMoved records where the file of receipt id went.
func markMoved(ctx context.Context, q store.Querier, id, to string, at time.Time) error {
	if _, err := q.ExecContext(ctx, `UPDATE file_receipts SET moved_to = $1, moved_at = $2
		WHERE id = $3`, to, store.Micros(at), id); err != nil {
		return fmt.Errorf("filedrop: record move of %s: %w", id, err)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
