package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/outbox"
	"github.com/ordo-oms/ordo/pull"
	"github.com/ordo-oms/ordo/store"
)

// Channel is how the queue works for one channel: how often its API is
// polled for what notifications missed, and how calls to it are retried.
type Channel struct {
	// Poll is the time between polls; 0 means the channel is not polled.
	Poll time.Duration
	// Delivery spaces the retries of calls to the channel.
	Delivery Delivery
}

// FetchOrderArgs asks for one order to be read from its channel's API and
// recorded, as a notification from the channel said it changed. The
// notification is kept in the job, for an operator to see.
type FetchOrderArgs struct {
	Channel      string          `json:"channel"`
	OrderID      string          `json:"order_id"`
	Notification json.RawMessage `json:"notification,omitempty"`
	TraceParent  string          `json:"traceparent,omitempty"`
}

// Kind names the job in the queue.
func (FetchOrderArgs) Kind() string { return "fetch_order" }

// fetchRef is a fetch a unit schedules for the batch's flush.
type fetchRef FetchOrderArgs

// PollChannelArgs asks for one poll of a channel's API for orders changed
// since its high-water mark. Each polled channel has a periodic job.
type PollChannelArgs struct {
	Channel string `json:"channel"`
}

// Kind names the job in the queue.
func (PollChannelArgs) Kind() string { return "poll_channel" }

// CallChannelArgs asks for a recorded call to a channel to be made. Its id
// is the call's own, the key that every attempt carries.
type CallChannelArgs struct {
	Channel     string `json:"channel"`
	Call        string `json:"call"`
	TraceParent string `json:"traceparent,omitempty"`
}

// Kind names the job in the queue.
func (CallChannelArgs) Kind() string { return "call_channel" }

// callRef is a call a unit schedules for the batch's flush.
type callRef CallChannelArgs

// EnqueueFetch schedules an order to be read from its channel when tx
// commits.
func (q *Queue) EnqueueFetch(ctx context.Context, tx *store.Tx, channelID, orderID string,
	notification []byte) error {
	tx.Later(fetchRef{Channel: channelID, OrderID: orderID, Notification: notification,
		TraceParent: traceParent(ctx)})
	return nil
}

// EnqueueCall schedules a recorded call to a channel when tx commits.
func (q *Queue) EnqueueCall(ctx context.Context, tx *store.Tx, channelID, callID string) error {
	tx.Later(callRef{Channel: channelID, Call: callID, TraceParent: traceParent(ctx)})
	return nil
}

type fetchWorker struct {
	river.WorkerDefaults[FetchOrderArgs]
	pull *pull.Service
}

// Work reads the order and records it. An order the channel does not
// know, or a refusal that retrying cannot mend, goes to the dead-letter
// queue at once.
func (w *fetchWorker) Work(ctx context.Context, job *river.Job[FetchOrderArgs]) error {
	ctx, span := continueTrace(ctx, job.Args.TraceParent, "fetch order")
	defer span()
	_, err := w.pull.Fetch(ctx, job.Args.Channel, job.Args.OrderID,
		meta(ctx, job.ID, w.pull.Now()))
	if channel.IsPermanent(err) || errors.Is(err, pull.ErrUnknownChannel) {
		return river.JobCancel(err)
	}
	return err
}

type pollChannelWorker struct {
	river.WorkerDefaults[PollChannelArgs]
	pull *pull.Service
	log  *slog.Logger
}

// Work polls the channel and logs what it found.
func (w *pollChannelWorker) Work(ctx context.Context, job *river.Job[PollChannelArgs]) error {
	p, err := w.pull.Poll(ctx, job.Args.Channel, meta(ctx, job.ID, w.pull.Now()))
	if err != nil {
		return err
	}
	if p.Seen > 0 {
		w.log.InfoContext(ctx, "channel polled", "channel_id", p.ChannelID, "seen", p.Seen,
			"created", p.Created, "updated", p.Updated, "mark", p.Mark)
	}
	return nil
}

type callWorker struct {
	river.WorkerDefaults[CallChannelArgs]
	out *outbox.Service
}

// Work makes the call. A refusal that retrying cannot mend goes to the
// dead-letter queue at once, with the channel's own words.
func (w *callWorker) Work(ctx context.Context, job *river.Job[CallChannelArgs]) error {
	ctx, span := continueTrace(ctx, job.Args.TraceParent, "call channel")
	defer span()
	err := w.out.Send(ctx, job.Args.Call)
	if channel.IsPermanent(err) || errors.Is(err, outbox.ErrUnknownCall) {
		return river.JobCancel(err)
	}
	return err
}

// onePollAtATime keeps a channel's polls from piling up: while one waits
// or runs, as it may for a minute on a channel's rate limit, the period
// adds no other.
var onePollAtATime = &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true,
	ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending,
		rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateScheduled}}}

// channelJobs returns a periodic poll for every channel that is polled.
func channelJobs(p *pull.Service, channels map[string]Channel) []*river.PeriodicJob {
	if p == nil {
		return nil
	}
	var out []*river.PeriodicJob
	for id := range p.Sources {
		every := channels[id].Poll
		if every <= 0 {
			continue
		}
		args := PollChannelArgs{Channel: id}
		out = append(out, river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) { return args, onePollAtATime },
			&river.PeriodicJobOpts{RunOnStart: true, ID: "poll_channel_" + id}))
	}
	return out
}
