package jobs

import (
	"context"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/ordo-oms/ordo/feeds"
)

// PollFeedArgs asks for one pass over a feed's directory. Each configured
// feed has a periodic job of its own, at the feed's interval.
type PollFeedArgs struct {
	Feed string `json:"feed"`
}

// Kind names the job in the queue.
func (PollFeedArgs) Kind() string { return "poll_feed" }

type feedWorker struct {
	river.WorkerDefaults[PollFeedArgs]
	feeds *feeds.Service
	log   *slog.Logger
}

// Work makes the pass and logs what became of the files. A file that
// failed stays for the next pass, and the job fails so that the failure is
// retried and, if it lasts, seen in the dead-letter queue.
func (w *feedWorker) Work(ctx context.Context, job *river.Job[PollFeedArgs]) error {
	rep, err := w.feeds.Poll(ctx, job.Args.Feed)
	if n := len(rep.Done) + len(rep.Duplicate) + len(rep.Rejected) + len(rep.Failed); n > 0 {
		w.log.InfoContext(ctx, "feed polled", "feed", job.Args.Feed, "done", len(rep.Done),
			"duplicate", len(rep.Duplicate), "rejected", len(rep.Rejected),
			"failed", len(rep.Failed), "waiting", len(rep.Waiting))
	}
	return err
}
