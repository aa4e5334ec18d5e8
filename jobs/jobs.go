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
	"slices"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/feeds"
	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/outbox"
	"github.com/ordo-oms/ordo/pull"
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
	// Timeout bounds one run of a job; default 1 minute.
	Timeout time.Duration
	// RescueAfter is how long a job may stay running before it is run
	// again, as after a crash; default 5 minutes, and at least Timeout.
	RescueAfter time.Duration
	// Locations are how instructions are sent to each location.
	Locations map[string]Delivery
	// Channels are how each channel is polled and called.
	Channels map[string]Channel
}

// Delivery is how instructions are sent to one location: how many go in
// one job, how often a job is tried, and how long it waits between tries.
type Delivery struct {
	BatchSize   int
	MaxAttempts int
	// Backoff is the wait before the first retry; each next one waits
	// twice as long, up to MaxBackoff, less a random part of up to a half
	// so that jobs that failed together do not retry together.
	Backoff, MaxBackoff time.Duration
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
	if c.Timeout <= 0 {
		c.Timeout = time.Minute
	}
	if c.RescueAfter <= 0 {
		c.RescueAfter = 5 * time.Minute
	}
	c.RescueAfter = max(c.RescueAfter, c.Timeout)
	return c
}

// Queue enqueues and works Ordo's jobs.
type Queue struct {
	client *river.Client[*sql.Tx]
	db     *store.DB
	cfg    Config
}

var _ ingest.Enqueuer = (*Queue)(nil)

// Services are what the queue's workers record their results through.
type Services struct {
	Orders     *ingest.Service
	Allocation *allocation.Service
	Feeds      *feeds.Service
	Fulfilment *fulfilment.Service
	// Pull reads orders from channels' APIs; nil when no channel has one.
	Pull *pull.Service
	// Outbox tells channels of their orders' shipments.
	Outbox *outbox.Service
}

// softStop is how long running jobs get to finish when the queue stops.
// Then their contexts are cancelled and they are run again later, which
// every job allows: one waiting for a channel's rate limit, which may be a
// minute away, must not hold up a shutdown.
const softStop = 5 * time.Second

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
	river.AddWorker(workers, &releaseWorker{f: svc.Fulfilment})
	river.AddWorker(workers, &releaseDueWorker{f: svc.Fulfilment})
	river.AddWorker(workers, &sendWorker{f: svc.Fulfilment})
	river.AddWorker(workers, &statusFilesWorker{f: svc.Fulfilment, log: log})
	river.AddWorker(workers, &fetchWorker{pull: svc.Pull})
	river.AddWorker(workers, &pollChannelWorker{pull: svc.Pull, log: log})
	river.AddWorker(workers, &callWorker{out: svc.Outbox})

	client, err := river.NewClient(db.RiverDriver(), &river.Config{
		Logger:               log,
		Workers:              workers,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		MaxAttempts:          cfg.MaxAttempts,
		FetchCooldown:        max(cfg.PollInterval/2, time.Millisecond),
		FetchPollInterval:    cfg.PollInterval,
		JobTimeout:           cfg.Timeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
		SoftStopTimeout:      softStop,
		RetryPolicy:          &retryPolicy{locations: cfg.Locations, channels: cfg.Channels},
		Middleware:           []rivertype.Middleware{&logMiddleware{log: log}},
		PeriodicJobs: append(slices.Concat(feedJobs(svc.Feeds), fulfilmentJobs(svc.Fulfilment),
			channelJobs(svc.Pull, cfg.Channels)),
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
	return &Queue{client: client, db: db, cfg: cfg}, nil
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

// EnqueueRelease schedules the release of a fulfilment order at the end
// of its hold, when tx commits.
func (q *Queue) EnqueueRelease(ctx context.Context, tx *store.Tx, fulfilmentID string,
	at time.Time) error {
	tx.Later(releaseRef{ReleaseArgs: ReleaseArgs{FulfilmentID: fulfilmentID,
		TraceParent: traceParent(ctx)}, At: at})
	return nil
}

// EnqueueSend schedules instructions to be sent to a location when tx
// commits. The instructions a batch schedules for one location go
// together, as many to a job as the location takes in one send.
func (q *Queue) EnqueueSend(ctx context.Context, tx *store.Tx, location string,
	refs []string) error {
	tx.Later(sendRef{Location: location, References: refs, TraceParent: traceParent(ctx)})
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
	var many []river.InsertManyParams
	sends := map[string][]sendRef{}
	var locations []string
	for _, it := range items {
		switch ref := it.(type) {
		case OrderRef:
			validate.Orders = append(validate.Orders, ref)
		case routeRef:
			route.Orders = append(route.Orders, OrderRef(ref))
		case releaseRef:
			many = append(many, river.InsertManyParams{Args: ref.ReleaseArgs,
				InsertOpts: &river.InsertOpts{ScheduledAt: ref.At}})
		case sendRef:
			if sends[ref.Location] == nil {
				locations = append(locations, ref.Location)
			}
			sends[ref.Location] = append(sends[ref.Location], ref)
		case fetchRef:
			many = append(many, river.InsertManyParams{Args: FetchOrderArgs(ref)})
		case callRef:
			d := q.cfg.Channels[ref.Channel].Delivery
			many = append(many, river.InsertManyParams{Args: CallChannelArgs(ref),
				InsertOpts: &river.InsertOpts{MaxAttempts: d.MaxAttempts}})
		default:
			return fmt.Errorf("jobs: flush: unexpected %T", it)
		}
	}
	if len(validate.Orders) > 0 {
		many = append(many, river.InsertManyParams{Args: validate})
	}
	if len(route.Orders) > 0 {
		many = append(many, river.InsertManyParams{Args: route})
	}
	for _, loc := range locations {
		many = append(many, q.sendJobs(loc, sends[loc])...)
	}
	if len(many) == 0 {
		return nil
	}
	if _, err := q.client.InsertManyTx(ctx, tx.Tx, many); err != nil {
		return fmt.Errorf("jobs: enqueue %d jobs: %w", len(many), err)
	}
	return nil
}

// sendJobs packs the references scheduled for a location into jobs of as
// many as it takes in one send, each tried as often as its delivery says.
func (q *Queue) sendJobs(location string, refs []sendRef) []river.InsertManyParams {
	d := q.cfg.Locations[location]
	size := max(d.BatchSize, 1)
	opts := &river.InsertOpts{MaxAttempts: d.MaxAttempts}
	var out []river.InsertManyParams
	args := SendArgs{Location: location}
	for _, r := range refs {
		for _, ref := range r.References {
			if args.TraceParent == "" {
				args.TraceParent = r.TraceParent
			}
			args.References = append(args.References, ref)
			if len(args.References) == size {
				out = append(out, river.InsertManyParams{Args: args, InsertOpts: opts})
				args = SendArgs{Location: location}
			}
		}
	}
	if len(args.References) > 0 {
		out = append(out, river.InsertManyParams{Args: args, InsertOpts: opts})
	}
	return out
}
