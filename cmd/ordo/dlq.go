package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/store"
)

// dlqCmd lists and replays dead-lettered jobs.
func dlqCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub, args, err := subcommand(args, "dlq", "list", "replay")
	if err != nil {
		return err
	}
	c := newCommand("dlq "+sub, stderr)
	limit := 100
	if sub == "list" {
		c.IntVar(&limit, "limit", 100, "how many to list, oldest first")
	}
	if err := c.Parse(args); err != nil {
		return err
	}
	var id int64
	if sub == "replay" {
		if c.NArg() != 1 {
			return usageError("usage: ordo dlq replay ID")
		}
		if id, err = strconv.ParseInt(c.Arg(0), 10, 64); err != nil {
			return usageError(fmt.Sprintf("%q is not a job id; see `ordo dlq list`", c.Arg(0)))
		}
	}
	return c.withDB(ctx, func(_ *config.Config, db *store.DB) error {
		// The queue is not started: it only reads and reschedules jobs.
		q, err := jobs.New(db, jobs.Services{}, jobs.Config{}, slog.New(slog.DiscardHandler))
		if err != nil {
			return err
		}
		if sub == "replay" {
			dl, err := q.Replay(ctx, id)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "job %d (%s) will run again\n", dl.ID, dl.Kind)
			return nil
		}
		return listDeadLetters(ctx, q, limit, stdout)
	})
}

func listDeadLetters(ctx context.Context, q *jobs.Queue, limit int, stdout io.Writer) error {
	items, _, err := q.DeadLetters(ctx, "", limit)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		fmt.Fprintln(stdout, "no dead-lettered jobs")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tATTEMPTS\tDISCARDED\tLAST ERROR")
	for _, dl := range items {
		last := ""
		if n := len(dl.Errors); n > 0 {
			last = strings.ReplaceAll(dl.Errors[n-1].Error, "\n", " ")
		}
		fmt.Fprintf(tw, "%d\t%s\t%d/%d\t%s\t%s\n", dl.ID, dl.Kind, dl.Attempts, dl.MaxAttempts,
			dl.DiscardedAt.Format("2006-01-02 15:04:05"), last)
	}
	return tw.Flush()
}
