// Package jobs runs Ordo's durable work on River, in the same database as the
// events: a job is enqueued in the transaction that records the change it
// follows, retried with exponential back-off, and dead-lettered (River's
// discarded state) when its attempts run out.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/feeds"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/store"
)

// Config tunes the queue. Zero fields take the defaults given.
type Config struct {
	// Workers is how many jobs run at once; default 16.
	Workers int
	// MaxAttempts is how often a job is tried before it is dead-lettered;
	// default 10.
	MaxAttempts int
	// PollInterval is how often the queue looks for new work; default 50ms.
	PollInterval time.Duration
	// InboxRetention is how long de-duplication keys are kept; default 7 days.
	InboxRetention time.Duration
}

func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = 16
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 10
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 50 * time.Millisecond
	}
	if c.InboxRetention <= 0 {
		c.InboxRetention = 7 * 24 * time.Hour
	}
	return c
}

// Queue enqueues and works Ordo's jobs.
type Queue struct {
	client *river.Client[*sql.Tx]
	cfg    Config
}

var _ ingest.Enqueuer = (*Queue)(nil)

// Services are what the queue's workers record their results through.
type Services struct {
	Orders     *ingest.Service
	Allocation *allocation.Service
	Feeds      *feeds.Service
}

// New makes a queue on db whose workers record their results through the
// services. Give Flush to their Batcher, and call Start to begin working.
func New(db *store.DB, svc Services, cfg Config, log *slog.Logger) (*Queue, error) {
	cfg = cfg.withDefaults()
	workers := river.NewWorkers()
	river.AddWorker(workers, &validateWorker{orders: svc.Orders, log: logger{log}})
	river.AddWorker(workers, &routeWorker{alloc: svc.Allocation, log: logger{log}})
	river.AddWorker(workers, &unroutedWorker{alloc: svc.Allocation, read: store.NewReader(db.Read)})
	river.AddWorker(workers, &pruneWorker{db: db, retention: cfg.InboxRetention, log: log})
	river.AddWorker(workers, &feedWorker{feeds: svc.Feeds, log: log})

	client, err := river.NewClient(db.RiverDriver(), &river.Config{
		Logger:            log,
		Workers:           workers,
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		MaxAttempts:       cfg.MaxAttempts,
		FetchCooldown:     max(cfg.PollInterval/2, time.Millisecond),
		FetchPollInterval: cfg.PollInterval,
		JobTimeout:        time.Minute,
		Middleware:        []rivertype.Middleware{&logMiddleware{log: log}},
		PeriodicJobs: append(feedJobs(svc.Feeds),
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return PruneInboxArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return RouteUnroutedArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true})),
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: new client: %w", err)
	}
	return &Queue{client: client, cfg: cfg}, nil
}

// feedJobs returns a periodic job for every configured feed.
func feedJobs(f *feeds.Service) []*river.PeriodicJob {
	if f == nil {
		return nil
	}
	var out []*river.PeriodicJob
	for _, feed := range f.Feeds {
		args := PollFeedArgs{Feed: feed.ID}
		out = append(out, river.NewPeriodicJob(
			river.PeriodicInterval(time.Duration(feed.Every)),
			func() (river.JobArgs, *river.InsertOpts) { return args, nil },
			&river.PeriodicJobOpts{RunOnStart: true, ID: "poll_feed_" + feed.ID}))
	}
	return out
}

// Start begins working jobs until ctx ends or Stop is called.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	return nil
}

// Stop waits for running jobs to finish, up to ctx's deadline.
func (q *Queue) Stop(ctx context.Context) error {
	if err := q.client.Stop(ctx); err != nil {
		return fmt.Errorf("jobs: stop: %w", err)
	}
	return nil
}

// EnqueueValidation schedules validation of an order when tx commits.
func (q *Queue) EnqueueValidation(ctx context.Context, tx *store.Tx, omsOrderID string) error {
	tx.Later(OrderRef{OMSOrderID: omsOrderID, TraceParent: traceParent(ctx)})
	return nil
}

// EnqueueRouting schedules routing of an order when tx commits.
func (q *Queue) EnqueueRouting(ctx context.Context, tx *store.Tx, omsOrderID string) error {
	tx.Later(routeRef{OMSOrderID: omsOrderID, TraceParent: traceParent(ctx)})
	return nil
}

// RouteUnrouted schedules a sweep for validated orders that were never
// routed, as when a rule set is loaded for the first time.
func (q *Queue) RouteUnrouted(ctx context.Context) error {
	if _, err := q.client.Insert(ctx, RouteUnroutedArgs{}, nil); err != nil {
		return fmt.Errorf("jobs: enqueue sweep of unrouted orders: %w", err)
	}
	return nil
}

// Flush enqueues, in the transaction of a committing batch, one job for
// each kind of work its units scheduled. It is the batcher's flush
// function.
func (q *Queue) Flush(ctx context.Context, tx *store.Tx, items []any) error {
	var validate ValidateArgs
	var route RouteArgs
	for _, it := range items {
		switch ref := it.(type) {
		case OrderRef:
			validate.Orders = append(validate.Orders, ref)
		case routeRef:
			route.Orders = append(route.Orders, OrderRef(ref))
		default:
			return fmt.Errorf("jobs: flush: unexpected %T", it)
		}
	}
	if len(validate.Orders) > 0 {
		if _, err := q.client.InsertTx(ctx, tx.Tx, validate, nil); err != nil {
			return fmt.Errorf("jobs: enqueue validation of %d orders: %w",
				len(validate.Orders), err)
		}
	}
	if len(route.Orders) > 0 {
		if _, err := q.client.InsertTx(ctx, tx.Tx, route, nil); err != nil {
			return fmt.Errorf("jobs: enqueue routing of %d orders: %w", len(route.Orders), err)
		}
	}
	return nil
}
