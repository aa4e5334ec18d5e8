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
	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/outbox"
	"github.com/ordo-oms/ordo/pull"
	"github.com/ordo-oms/ordo/rules"
	"github.com/ordo-oms/ordo/store"
)

// Node is Ordo's working core on one database.
type Node struct {
	DB         *store.DB
	Batcher    *store.Batcher
	Queue      *jobs.Queue
	Orders     *ingest.Service
	Allocation *allocation.Service
	Fulfilment *fulfilment.Service
	// Pull reads orders from channels' APIs; Outbox tells channels of
	// shipments; Channels are the clients both use.
	Pull     *pull.Service
	Outbox   *outbox.Service
	Channels *Channels

	rules     rulesFile
	connected *connected
	log       *slog.Logger
	stop      context.CancelFunc // ends the rule file's watch
	done      chan struct{}
}

// Start assembles a node on db as cfg says, loads its rule set, and starts
// its job queue and the watch on the rule set's file. A rule set that fails
// its check stops the start. The node runs until Stop, whatever becomes of
// ctx.
func Start(ctx context.Context, cfg *config.Config, db *store.DB, log *slog.Logger) (*Node, error) {
	read := store.NewReader(db.Read)
	orders := &ingest.Service{Read: read, Now: time.Now}
	alloc := &allocation.Service{Read: read, Now: time.Now}
	fs := &feeds.Service{Feeds: cfg.Feeds, Allocation: alloc, Orders: orders, Now: time.Now,
		Log: log}
	ful := &fulfilment.Service{Read: read, Now: time.Now, Log: log,
		Payment: releasePayment(cfg), Rules: func() *rules.Set {
			if e := alloc.Engine(); e != nil {
				return e.Rules()
			}
			return nil
		}}
	conns, err := connect(cfg, ful)
	if err != nil {
		return nil, err
	}
	ful.Locations = conns.locations
	chans, err := connectChannels(cfg)
	if err != nil {
		conns.close()
		return nil, err
	}
	pl := &pull.Service{Orders: orders, Read: read, Sources: chans.Sources,
		Lookback: 24 * time.Hour, Now: time.Now, Log: log}
	out := &outbox.Service{Read: read, Channels: chans.Outbox, Now: time.Now, Log: log}
	ful.Channels, orders.Channels = out, out
	queue, err := jobs.New(db, jobs.Services{Orders: orders, Allocation: alloc, Feeds: fs,
		Fulfilment: ful, Pull: pl, Outbox: out},
		jobs.Config{
			Workers:        cfg.Jobs.Workers,
			MaxAttempts:    cfg.Jobs.MaxAttempts,
			PollInterval:   time.Duration(cfg.Jobs.PollInterval),
			InboxRetention: time.Duration(cfg.Ingest.DedupRetention),
			Timeout:        time.Duration(cfg.Jobs.Timeout),
			RescueAfter:    time.Duration(cfg.Jobs.RescueAfter),
			Locations:      conns.deliveries,
			Channels:       chans.Jobs,
		}, log)
	if err != nil {
		conns.close()
		return nil, err
	}
	batcher := store.NewBatcher(db, store.BatchOptions{
		MaxBatch: cfg.Database.CommitBatch,
		Wait:     time.Duration(cfg.Database.CommitWait),
		Flush:    queue.Flush,
	})
	orders.Batcher, orders.Jobs, orders.Fulfilment = batcher, queue, ful
	alloc.Batcher, alloc.Jobs = batcher, queue
	fs.Batcher = batcher
	ful.Batcher, ful.Jobs = batcher, queue
	pl.Batcher = batcher
	out.Batcher, out.Jobs = batcher, queue
	n := &Node{DB: db, Batcher: batcher, Queue: queue, Orders: orders, Allocation: alloc,
		Fulfilment: ful, Pull: pl, Outbox: out, Channels: chans, rules: rulesFile{path: cfg.Rules, locations: cfg.Locations},
		connected: conns, log: log, done: make(chan struct{})}
	fail := func(err error) (*Node, error) {
		conns.close()
		batcher.Close()
		return nil, err
	}
	if cfg.Rules != "" {
		if err := n.ReloadRules(ctx); err != nil {
			return fail(err)
		}
	}
	if err := queue.Start(context.WithoutCancel(ctx)); err != nil {
		return fail(err)
	}
	if promoted, err := ful.Promote(ctx); err != nil {
		return fail(err)
	} else if promoted > 0 {
		log.InfoContext(ctx, "shadow instructions sent now that their location is active",
			"instructions", promoted)
	}
	if promoted, err := out.Promote(ctx); err != nil {
		return fail(err)
	} else if promoted > 0 {
		log.InfoContext(ctx, "shadow calls sent now that their channel is active",
			"calls", promoted)
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
	n.connected.close()
	n.Batcher.Close()
	return err
}

// releasePayment returns the payment each channel needs before release.
func releasePayment(cfg *config.Config) func(string) fulfilment.Payment {
	need := map[string]fulfilment.Payment{}
	for _, ch := range cfg.Channels {
		need[ch.ID] = fulfilment.Payment(ch.ReleasePayment)
	}
	return func(channelID string) fulfilment.Payment {
		if p, ok := need[channelID]; ok {
			return p
		}
		return fulfilment.PaymentAuthorized
	}
}
