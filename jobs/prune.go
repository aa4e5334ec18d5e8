package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/ordo-oms/ordo/store"
)

// PruneInboxArgs asks for de-duplication keys past their retention to be
// forgotten. It runs every hour.
type PruneInboxArgs struct{}

// Kind names the job in the queue.
func (PruneInboxArgs) Kind() string { return "prune_inbox" }

type pruneWorker struct {
	river.WorkerDefaults[PruneInboxArgs]
	db        *store.DB
	retention time.Duration
	log       *slog.Logger
}

func (w *pruneWorker) Work(ctx context.Context, job *river.Job[PruneInboxArgs]) error {
	n, err := store.PruneInbox(ctx, w.db.Write, time.Now().Add(-w.retention))
	if err != nil {
		return err
	}
	w.log.InfoContext(ctx, "inbox pruned", "keys_removed", n, "retention", w.retention)
	return nil
}
