// Package node assembles one running Ordo on an open database: the group
// commit, the job queue and the services that use them. The command and the
// tests start the same assembly.
package node

import (
	"context"
	"log/slog"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/store"
)

// Node is Ordo's working core on one database.
type Node struct {
	DB      *store.DB
	Batcher *store.Batcher
	Queue   *jobs.Queue
	Orders  *ingest.Service
}

// Start assembles a node on db as cfg says and starts its job queue. The
// queue runs until Stop, whatever becomes of ctx.
func Start(ctx context.Context, cfg *config.Config, db *store.DB, log *slog.Logger) (*Node, error) {
	orders := &ingest.Service{Read: store.NewReader(db.Read), Now: time.Now}
	queue, err := jobs.New(db, orders, jobs.Config{
		Workers:        cfg.Jobs.Workers,
		MaxAttempts:    cfg.Jobs.MaxAttempts,
		PollInterval:   time.Duration(cfg.Jobs.PollInterval),
		InboxRetention: time.Duration(cfg.Ingest.DedupRetention),
	}, log)
	if err != nil {
		return nil, err
	}
	batcher := store.NewBatcher(db, store.BatchOptions{
		MaxBatch: cfg.Database.CommitBatch,
		Wait:     time.Duration(cfg.Database.CommitWait),
		Flush:    queue.Flush,
	})
	orders.Batcher, orders.Jobs = batcher, queue
	n := &Node{DB: db, Batcher: batcher, Queue: queue, Orders: orders}
	if err := queue.Start(context.WithoutCancel(ctx)); err != nil {
		batcher.Close()
		return nil, err
	}
	return n, nil
}

// Stop lets running jobs finish, up to ctx's deadline, then closes the
// group commit. The database stays open.
func (n *Node) Stop(ctx context.Context) error {
	err := n.Queue.Stop(ctx)
	n.Batcher.Close()
	return err
}
