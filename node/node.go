// Package node assembles one running Ordo on an open database: the group
// commit, the job queue and the services that use them. The command and the
// tests start the same assembly.
package node

import (
	"context"
	"log/slog"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/feeds"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/store"
)

// Node is Ordo's working core on one database.
type Node struct {
	DB         *store.DB
	Batcher    *store.Batcher
	Queue      *jobs.Queue
	Orders     *ingest.Service
	Allocation *allocation.Service

	rules rulesFile
	log   *slog.Logger
	stop  context.CancelFunc // ends the rule file's watch
	done  chan struct{}
}

// Start assembles a node on db as cfg says, loads its rule set, and starts
// its job queue and the watch on the rule set's file. A rule set that fails
// its check stops the start. The node runs until Stop, whatever becomes of
// ctx.
func Start(ctx context.Context, cfg *config.Config, db *store.DB, log *slog.Logger) (*Node, error) {
	read := store.NewReader(db.Read)
	orders := &ingest.Service{Read: read, Now: time.Now}
	alloc := &allocation.Service{Read: read, Now: time.Now}
	fs := &feeds.Service{Feeds: cfg.Feeds, Allocation: alloc, Now: time.Now, Log: log}
	queue, err := jobs.New(db, jobs.Services{Orders: orders, Allocation: alloc, Feeds: fs},
		jobs.Config{
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
	alloc.Batcher, alloc.Jobs = batcher, queue
	fs.Batcher = batcher
	n := &Node{DB: db, Batcher: batcher, Queue: queue, Orders: orders, Allocation: alloc,
		rules: rulesFile{path: cfg.Rules, locations: cfg.Locations}, log: log,
		done: make(chan struct{})}
	if cfg.Rules != "" {
		if err := n.ReloadRules(ctx); err != nil {
			batcher.Close()
			return nil, err
		}
	}
	if err := queue.Start(context.WithoutCancel(ctx)); err != nil {
		batcher.Close()
		return nil, err
	}
	var wctx context.Context
	wctx, n.stop = context.WithCancel(context.WithoutCancel(ctx))
	go n.watchRules(wctx, rulesWatchEvery)
	return n, nil
}

// Stop ends the watch on the rule set, lets running jobs finish, up to
// ctx's deadline, then closes the group commit. The database stays open.
func (n *Node) Stop(ctx context.Context) error {
	n.stop()
	<-n.done
	err := n.Queue.Stop(ctx)
	n.Batcher.Close()
	return err
}
