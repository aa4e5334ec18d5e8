package main

import (
	"context"
	"fmt"
	"io"
)

// serveCmd runs the OMS until it is interrupted.
func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	configPath := fs.String("config", "", "configuration file (default $ORDO_CONFIG or ./ordo.yaml)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
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

// migrateCmd brings the database schema up to date.
func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stderr)
	configPath := fs.String("config", "", "configuration file (default $ORDO_CONFIG or ./ordo.yaml)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(stdout, "database %s is up to date\n", cfg.Database.URL)
	return nil
}
