package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Errors returned by the dead-letter queue.
var (
	// ErrNoDeadLetter means no dead-lettered job has the id given.
	ErrNoDeadLetter = errors.New("jobs: no such dead-lettered job")
	// ErrBadCursor means a cursor that DeadLetters did not make.
	ErrBadCursor = errors.New("jobs: bad cursor")
)

// DeadLetter is a job that ran out of attempts, with every error it met.
type DeadLetter struct {
	ID          int64           `json:"id"`
	Kind        string          `json:"kind"`
	Args        json.RawMessage `json:"args"`
	Attempts    int             `json:"attempts"`
	MaxAttempts int             `json:"max_attempts"`
	Errors      []AttemptError  `json:"errors"`
	CreatedAt   time.Time       `json:"created_at"`
	// DiscardedAt is when the last attempt failed.
	DiscardedAt time.Time `json:"discarded_at"`
}

// AttemptError is the error of one attempt.
type AttemptError struct {
	Attempt int       `json:"attempt"`
	At      time.Time `json:"at"`
	Error   string    `json:"error"`
}

// DeadLetters returns up to limit dead-lettered jobs, oldest first, after
// the cursor of a previous page ("" for the first), and the cursor of the
// next page, "" after the last.
func (q *Queue) DeadLetters(ctx context.Context, cursor string, limit int) ([]DeadLetter,
	string, error) {
	params := river.NewJobListParams().
		States(rivertype.JobStateDiscarded, rivertype.JobStateCancelled).
		OrderBy(river.JobListOrderByID, river.SortOrderAsc).First(limit)
	if cursor != "" {
		var c river.JobListCursor
		if err := c.UnmarshalText([]byte(cursor)); err != nil {
			return nil, "", ErrBadCursor
		}
		params = params.After(&c)
	}
	res, err := q.client.JobList(ctx, params)
	if err != nil {
		return nil, "", fmt.Errorf("jobs: list dead letters: %w", err)
	}
	out := make([]DeadLetter, len(res.Jobs))
	for i, j := range res.Jobs {
		out[i] = deadLetter(j)
	}
	next := ""
	if len(res.Jobs) == limit && res.LastCursor != nil {
		text, err := res.LastCursor.MarshalText()
		if err != nil {
			return nil, "", fmt.Errorf("jobs: list dead letters: %w", err)
		}
		next = string(text)
	}
	return out, next, nil
}

// Replay runs a dead-lettered job again, as it was: same arguments, so the
// same idempotency references, and a fresh set of attempts. It returns
// ErrNoDeadLetter when no dead-lettered job has the id.
func (q *Queue) Replay(ctx context.Context, id int64) (*DeadLetter, error) {
	job, err := q.client.JobGet(ctx, id)
	if errors.Is(err, rivertype.ErrNotFound) {
		return nil, fmt.Errorf("%w: %d", ErrNoDeadLetter, id)
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: replay %d: %w", id, err)
	}
	if job.State != rivertype.JobStateDiscarded && job.State != rivertype.JobStateCancelled {
		return nil, fmt.Errorf("%w: job %d is %s", ErrNoDeadLetter, id, job.State)
	}
	dl := deadLetter(job)
	if err := q.retry(ctx, job); err != nil {
		return nil, fmt.Errorf("jobs: replay %d: %w", id, err)
	}
	return &dl, nil
}

// retry makes a dead-lettered job available again with as many attempts
// ahead of it as a new job of its kind gets. River's own retry grants one
// more, which against a location still failing now and then is spent at
// once.
func (q *Queue) retry(ctx context.Context, job *rivertype.JobRow) error {
	tx, err := q.db.Write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := q.client.JobRetryTx(ctx, tx, job.ID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE river_job SET max_attempts = $1 WHERE id = $2`,
		job.Attempt+q.attempts(job), job.ID)
	if err != nil {
		return err
	}
	return tx.Commit()
}

// attempts is how many attempts a new job like job gets.
func (q *Queue) attempts(job *rivertype.JobRow) int {
	if job.Kind == (SendArgs{}).Kind() {
		var args SendArgs
		if json.Unmarshal(job.EncodedArgs, &args) == nil {
			if d, ok := q.cfg.Locations[args.Location]; ok && d.MaxAttempts > 0 {
				return d.MaxAttempts
			}
		}
	}
	return q.cfg.MaxAttempts
}

func deadLetter(j *rivertype.JobRow) DeadLetter {
	dl := DeadLetter{ID: j.ID, Kind: j.Kind, Args: j.EncodedArgs, Attempts: j.Attempt,
		MaxAttempts: j.MaxAttempts, CreatedAt: j.CreatedAt, Errors: []AttemptError{}}
	if j.FinalizedAt != nil {
		dl.DiscardedAt = *j.FinalizedAt
	}
	for _, e := range j.Errors {
		dl.Errors = append(dl.Errors, AttemptError{Attempt: e.Attempt, At: e.At, Error: e.Error})
	}
	return dl
}
