package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/ordo-oms/ordo/store"
)

// tokenCmd creates API tokens.
func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if _, args, err := subcommand(args, "token", "create"); err != nil {
		return err
	} else {
		return tokenCreate(ctx, args, stdout, stderr)
	}
}

func tokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("token create", stderr)
	configPath := fs.String("config", "", "configuration file (default $ORDO_CONFIG or ./ordo.yaml)")
	name := fs.String("name", "", "a name for the token, unique, such as erp-sync")
	role := fs.String("role", "", fmt.Sprintf("the token's role, one of %v", store.Roles))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" || *role == "" {
		return usageError("usage: ordo token create --name NAME --role ROLE")
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
	token, err := store.CreateToken(ctx, db.Write, *name, *role, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// projectionsCmd rebuilds the projections from the events.
func projectionsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	_, args, err := subcommand(args, "projections", "rebuild")
	if err != nil {
		return err
	}
	fs := newFlags("projections rebuild", stderr)
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
	start := time.Now()
	n, err := store.RebuildProjections(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "rebuilt %d orders from their events in %s\n", n,
		time.Since(start).Round(time.Millisecond))
	return nil
}
