package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/store"
)

// command is a flag set with the --config flag that every command has.
type command struct {
	*flag.FlagSet
	configPath *string
}

func newCommand(name string, stderr io.Writer) command {
	fs := newFlags(name, stderr)
	return command{fs, fs.String("config", "",
		"configuration file (default $ORDO_CONFIG or ./ordo.yaml)")}
}

// config loads the configuration the flags name.
func (c command) config() (*config.Config, error) {
	return config.Load(config.Resolve(*c.configPath))
}

// withDB loads the configuration, opens and migrates its database, runs fn
// on it and closes it.
func (c command) withDB(ctx context.Context, fn func(*config.Config, *store.DB) error) error {
	cfg, err := c.config()
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(cfg, db)
}

// migrateCmd brings the database schema up to date.
func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("migrate", stderr)
	if err := c.Parse(args); err != nil {
		return err
	}
	return c.withDB(ctx, func(cfg *config.Config, _ *store.DB) error {
		fmt.Fprintf(stdout, "database %s is up to date\n", cfg.Database.URL)
		return nil
	})
}

// tokenCmd creates API tokens.
func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	_, args, err := subcommand(args, "token", "create")
	if err != nil {
		return err
	}
	c := newCommand("token create", stderr)
	name := c.String("name", "", "a name for the token, unique, such as erp-sync")
	role := c.String("role", "", fmt.Sprintf("the token's role, one of %v", store.Roles))
	if err := c.Parse(args); err != nil {
		return err
	}
	if *name == "" || *role == "" {
		return usageError("usage: ordo token create --name NAME --role ROLE")
	}
	return c.withDB(ctx, func(_ *config.Config, db *store.DB) error {
		token, err := store.CreateToken(ctx, db.Write, *name, *role, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, token)
		return nil
	})
}

// projectionsCmd rebuilds the projections from the events.
func projectionsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	_, args, err := subcommand(args, "projections", "rebuild")
	if err != nil {
		return err
	}
	c := newCommand("projections rebuild", stderr)
	if err := c.Parse(args); err != nil {
		return err
	}
	return c.withDB(ctx, func(_ *config.Config, db *store.DB) error {
		start := time.Now()
		n, err := store.RebuildProjections(ctx, db)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "rebuilt %d orders from their events in %s\n", n,
			time.Since(start).Round(time.Millisecond))
		return nil
	})
}
