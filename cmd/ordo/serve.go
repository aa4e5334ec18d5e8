package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// serveCmd runs the OMS until it is interrupted.
func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("serve", stderr)
	if err := c.Parse(args); err != nil {
		return err
	}
	cfg, err := c.config()
	if err != nil {
		return err
	}
	a, err := startApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ordo serving on %s\n", a.url())
	stopReload := reloadOnHangup(ctx, a)
	err = a.wait(ctx)
	stopReload()
	a.log.Info("ordo stopping")
	if stopErr := a.stop(context.WithoutCancel(ctx)); err == nil {
		err = stopErr
	}
	return err
}

// reloadOnHangup reloads the rule set whenever the process gets SIGHUP,
// until the returned function is called. A rule set that fails its check
// is logged and the live one stays.
func reloadOnHangup(ctx context.Context, a *app) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-hup:
				a.log.InfoContext(ctx, "SIGHUP: reloading the rule set")
				_ = a.node.ReloadRules(ctx) // ReloadRules logs a refusal.
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		close(done)
	}
}
