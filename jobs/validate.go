package jobs

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/store"
)

// ValidateArgs asks for an order to be validated.
type ValidateArgs struct {
	OMSOrderID string `json:"oms_order_id"`
}

// Kind names the job in the queue.
func (ValidateArgs) Kind() string { return "validate_order" }

type validateWorker struct {
	river.WorkerDefaults[ValidateArgs]
	batcher *store.Batcher
	orders  *ingest.Service
	db      *store.DB
}

// Work records the verdict and completes the job in one transaction, so a
// crash in between can neither lose the verdict nor record it twice.
func (w *validateWorker) Work(ctx context.Context, job *river.Job[ValidateArgs]) error {
	meta := store.Meta{
		TraceID:     traceID(ctx),
		CausationID: fmt.Sprintf("job-%d", job.ID),
		OccurredAt:  w.orders.Now(),
	}
	return w.batcher.Do(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if err := w.orders.Validate(ctx, tx, job.Args.OMSOrderID, meta); err != nil {
			return err
		}
		return completeTx(ctx, w.db, tx, job)
	})
}
