package jobs

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/ordo-oms/ordo/store"
)

// completeTx marks a running job completed in tx, so that the job's effect
// and its completion commit together.
func completeTx[T river.JobArgs](ctx context.Context, db *store.DB, tx *sql.Tx,
	job *river.Job[T]) error {
	var err error
	if db.Dialect == store.SQLite {
		_, err = river.JobCompleteTx[*riversqlite.Driver](ctx, tx, job)
	} else {
		_, err = river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx, job)
	}
	if err != nil {
		return fmt.Errorf("jobs: complete %s %d: %w", job.Kind, job.ID, err)
	}
	return nil
}
