package main

import (
	"context"
	"fmt"
	"io"
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
	err = a.wait(ctx)
	a.log.Info("ordo stopping")
	if stopErr := a.stop(context.WithoutCancel(ctx)); err == nil {
		err = stopErr
	}
	return err
}
