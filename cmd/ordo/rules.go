package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/rules"
	"github.com/ordo-oms/ordo/store"
)

// rulesCmd checks rule sets and explains decisions.
func rulesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub, args, err := subcommand(args, "rules", "check", "explain")
	if err != nil {
		return err
	}
	if sub == "check" {
		return rulesCheck(args, stdout, stderr)
	}
	return rulesExplain(ctx, args, stdout, stderr)
}

// rulesCheck checks a rule set file and lists every problem with its line
// and column. It fails when there is any, so that scripts can gate a
// deployment on it.
func rulesCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("rules check", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("usage: ordo rules check FILE")
	}
	set, err := rules.Load(fs.Arg(0))
	var problems *rules.Error
	if errors.As(err, &problems) {
		fmt.Fprintln(stderr, problems.Error())
		return fmt.Errorf("%s: %d problems; the rule set cannot go live",
			fs.Arg(0), len(problems.Problems))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: ok, version %s, %d locations\n", fs.Arg(0), set.Version(),
		len(set.Locations()))
	return nil
}

// rulesExplain shows where an order was routed and why.
func rulesExplain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("rules explain", stderr)
	channel := c.String("channel", "",
		"read ORDER as the channel's own order id in this channel, not an oms_order_id")
	if err := c.Parse(args); err != nil {
		return err
	}
	if c.NArg() != 1 {
		return usageError("usage: ordo rules explain [--channel CHANNEL] ORDER")
	}
	return c.withDB(ctx, func(_ *config.Config, db *store.DB) error {
		var rec *store.OrderRecord
		var err error
		if *channel != "" {
			rec, err = store.FindOrder(ctx, db.Read, *channel, c.Arg(0))
		} else {
			rec, err = store.GetOrder(ctx, db.Read, c.Arg(0))
		}
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no order %q; give an oms_order_id, or --channel and the "+
				"channel's order id", c.Arg(0))
		}
		if err != nil {
			return err
		}
		rt, err := allocation.LoadRouting(ctx, db.Read, rec.OMSOrderID)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Order %s (%s %s), %s\n", rec.OMSOrderID, rec.ChannelID,
			rec.OrderID, rec.Status)
		fmt.Fprint(stdout, rt.Explain())
		return nil
	})
}
