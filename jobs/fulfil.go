package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/warehouse"
)

// ReleaseArgs asks for a fulfilment order to be released to its location.
// It is enqueued with the allocation that made the fulfilment order,
// scheduled for the end of its hold.
type ReleaseArgs struct {
	FulfilmentID string `json:"fulfilment_id"`
	TraceParent  string `json:"traceparent,omitempty"`
}

// Kind names the job in the queue.
func (ReleaseArgs) Kind() string { return "release_fulfilment" }

// releaseRef is a release a unit schedules for the batch's flush.
type releaseRef struct {
	ReleaseArgs
	At time.Time
}

// ReleaseDueArgs asks for every open fulfilment order whose hold has
// ended to be released: those a business check held back, and any whose
// own job was lost. It runs every 30 seconds.
type ReleaseDueArgs struct{}

// Kind names the job in the queue.
func (ReleaseDueArgs) Kind() string { return "release_due" }

// SendArgs asks for instructions to be sent to a location. Its references
// are the instructions' own, so a retry or a replay from the dead-letter
// queue sends them under the references they first had.
type SendArgs struct {
	Location    string   `json:"location"`
	References  []string `json:"references"`
	TraceParent string   `json:"traceparent,omitempty"`
}

// Kind names the job in the queue.
func (SendArgs) Kind() string { return "send_instructions" }

// sendRef is a send a unit schedules for the batch's flush.
type sendRef SendArgs

type releaseWorker struct {
	river.WorkerDefaults[ReleaseArgs]
	f *fulfilment.Service
}

func (w *releaseWorker) Work(ctx context.Context, job *river.Job[ReleaseArgs]) error {
	ctx, span := continueTrace(ctx, job.Args.TraceParent, "release fulfilment order")
	defer span()
	_, err := w.f.Release(ctx, meta(ctx, job.ID, w.f.Now()), job.Args.FulfilmentID)
	return err
}

// releaseDueBatch is how many fulfilment orders a sweep releases in one
// transaction.
const releaseDueBatch = 500

type releaseDueWorker struct {
	river.WorkerDefaults[ReleaseDueArgs]
	f *fulfilment.Service
}

func (w *releaseDueWorker) Work(ctx context.Context, job *river.Job[ReleaseDueArgs]) error {
	for after := ""; ; {
		ids, err := w.f.Due(ctx, after, releaseDueBatch)
		if err != nil || len(ids) == 0 {
			return err
		}
		if _, err := w.f.Release(ctx, meta(ctx, job.ID, w.f.Now()), ids...); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}

type sendWorker struct {
	river.WorkerDefaults[SendArgs]
	f *fulfilment.Service
}

// Work sends the instructions. While the location's breaker is open the
// job waits for it to close without spending an attempt; a refusal that
// retrying cannot mend goes to the dead-letter queue at once.
func (w *sendWorker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	ctx, span := continueTrace(ctx, job.Args.TraceParent, "send instructions")
	defer span()
	err := w.f.Send(ctx, job.Args.Location, job.Args.References, meta(ctx, job.ID, w.f.Now()))
	var open *warehouse.OpenError
	switch {
	case errors.As(err, &open):
		return river.JobSnooze(max(time.Until(open.RetryAt), time.Millisecond))
	case warehouse.IsPermanent(err), errors.Is(err, fulfilment.ErrUnknownLocation):
		return river.JobCancel(err)
	}
	return err
}
