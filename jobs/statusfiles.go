package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/ordo-oms/ordo/fulfilment"
)

// PollStatusesArgs asks for one pass over the directory a location drops
// its status files in. Each location of the sftp kind has a periodic job
// of its own.
type PollStatusesArgs struct {
	Location string `json:"location"`
}

// Kind names the job in the queue.
func (PollStatusesArgs) Kind() string { return "poll_statuses" }

type statusFilesWorker struct {
	river.WorkerDefaults[PollStatusesArgs]
	f   *fulfilment.Service
	log *slog.Logger
}

// Work makes the pass and logs what became of the files. A file that
// failed stays for the next pass, and the job fails so that a lasting
// failure reaches the dead-letter queue.
func (w *statusFilesWorker) Work(ctx context.Context, job *river.Job[PollStatusesArgs]) error {
	rep, err := w.f.PollStatuses(ctx, job.Args.Location)
	if n := len(rep.Done) + len(rep.Duplicate) + len(rep.Rejected) + len(rep.Failed); n > 0 {
		w.log.InfoContext(ctx, "status files polled", "location", job.Args.Location,
			"done", len(rep.Done), "duplicate", len(rep.Duplicate),
			"rejected", len(rep.Rejected), "failed", len(rep.Failed))
	}
	return err
}

// fulfilmentJobs returns the periodic jobs of fulfilment: the sweep of
// due releases, and a poll of each location's status files.
func fulfilmentJobs(f *fulfilment.Service) []*river.PeriodicJob {
	if f == nil {
		return nil
	}
	out := []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(30*time.Second),
		func() (river.JobArgs, *river.InsertOpts) { return ReleaseDueArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})}
	for loc, every := range f.StatusPolls() {
		args := PollStatusesArgs{Location: loc}
		out = append(out, river.NewPeriodicJob(river.PeriodicInterval(every),
			func() (river.JobArgs, *river.InsertOpts) { return args, nil },
			&river.PeriodicJobOpts{RunOnStart: true, ID: "poll_statuses_" + loc}))
	}
	return out
}
