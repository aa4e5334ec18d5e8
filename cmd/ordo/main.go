// Command ordo is the order and returns orchestration layer: one binary that
// serves the OMS, migrates its database, runs a demo and drives load tests.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "ordo:", err)
		}
		var u usageError
		if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

const usage = `Usage: ordo COMMAND [flags]

Commands:
  serve                  run the OMS from ordo.yaml (or --config)
  demo                   run the OMS on a throw-away database with simulated traffic
  migrate                bring the database schema up to date
  token create           create an API token: --name NAME --role ROLE
  projections rebuild    rewrite the order tables from the events
  rules check FILE       check a rule set; every problem with its line and column
  rules explain ORDER    show where an order was routed, and why
  dlq list | replay ID   inspect and replay jobs that ran out of attempts
  loadtest               drive a running ordo with signed webhooks and report

Run 'ordo COMMAND -h' for a command's flags.
`

// usageError is a command line that Ordo cannot make sense of.
type usageError string

func (e usageError) Error() string { return string(e) }

// run carries out the command in args, writing its output to stdout and
// its logs to stderr. Tests call it to start the real program.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serveCmd(ctx, rest, stdout, stderr)
	case "demo":
		return demoCmd(ctx, rest, stdout, stderr)
	case "migrate":
		return migrateCmd(ctx, rest, stdout, stderr)
	case "token":
		return tokenCmd(ctx, rest, stdout, stderr)
	case "projections":
		return projectionsCmd(ctx, rest, stdout, stderr)
	case "rules":
		return rulesCmd(ctx, rest, stdout, stderr)
	case "dlq":
		return dlqCmd(ctx, rest, stdout, stderr)
	case "loadtest":
		return loadtestCmd(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError(fmt.Sprintf("unknown command %q", cmd))
}

// subcommand is the second word of a two-word command such as
// "token create".
func subcommand(args []string, name string, known ...string) (string, []string, error) {
	if len(args) > 0 {
		for _, k := range known {
			if args[0] == k {
				return k, args[1:], nil
			}
		}
	}
	return "", nil, usageError(fmt.Sprintf("usage: ordo %s %v", name, known))
}

// newFlags returns a flag set that reports errors instead of exiting and
// writes its help to w.
func newFlags(name string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("ordo "+name, flag.ContinueOnError)
	fs.SetOutput(w)
	return fs
}
