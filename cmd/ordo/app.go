package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ordo-oms/ordo/api"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/node"
	"github.com/ordo-oms/ordo/outbox"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/telemetry"
)

// app is a running Ordo: database, job queue and HTTP listener.
type app struct {
	cfg      *config.Config
	log      *slog.Logger
	db       *store.DB
	node     *node.Node
	http     *http.Server
	listener net.Listener
	served   chan error
	tracing  func(context.Context) error
	metrics  *telemetry.Metrics
}

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, cfg *config.Config) (*store.DB, error) {
	db, err := store.Open(ctx, cfg.Database.URL.Reveal(), store.Options{
		MaxOpenConns: cfg.Database.MaxOpenConns,
		BusyTimeout:  time.Duration(cfg.Database.BusyTimeout),
	})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// startApp opens the database, starts the job queue and begins serving.
func startApp(ctx context.Context, cfg *config.Config, stderr io.Writer) (*app, error) {
	log, err := telemetry.NewLogger(stderr, cfg.Log.Level, cfg.Log.Format)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, served: make(chan error, 1), tracing: telemetry.InitTracing()}
	if err := a.start(ctx); err != nil {
		a.stop(context.Background())
		return nil, err
	}
	return a, nil
}

func (a *app) start(ctx context.Context) error {
	var err error
	if a.db, err = openDB(ctx, a.cfg); err != nil {
		return err
	}
	if a.node, err = node.Start(ctx, a.cfg, a.db, a.log); err != nil {
		return err
	}

	a.metrics = telemetry.NewMetrics(a.countJobs)
	a.countFulfilment()
	srv := &api.Server{
		Config:     a.cfg,
		DB:         a.db,
		Orders:     a.node.Orders,
		Allocation: a.node.Allocation,
		Fulfilment: a.node.Fulfilment,
		Queue:      a.node.Queue,
		Outbox:     a.node.Outbox,
		Pull:       a.node.Pull,
		Bol:        a.node.Channels.Bol,
		Metrics:    a.metrics,
		Log:        a.log,
		Now:        time.Now,
	}
	if a.listener, err = net.Listen("tcp", a.cfg.HTTP.Addr); err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.HTTP.Addr, err)
	}
	a.http = &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       time.Duration(a.cfg.HTTP.ReadTimeout),
		WriteTimeout:      time.Duration(a.cfg.HTTP.WriteTimeout),
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	go func() { a.served <- a.http.Serve(a.listener) }()
	a.log.Info("ordo serving", "url", a.url(), "database", a.db.Dialect)
	return nil
}

// url is where the app listens.
func (a *app) url() string { return "http://" + a.listener.Addr().String() }

// wait blocks until ctx ends or the listener fails.
func (a *app) wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return nil
	case err := <-a.served:
		return fmt.Errorf("serve: %w", err)
	}
}

// stop finishes in-flight requests, then jobs, then closes the database.
func (a *app) stop(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(a.cfg.HTTP.ShutdownTimeout))
	defer cancel()
	var errs []error
	if a.http != nil {
		if err := a.http.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stop http: %w", err))
		}
	}
	if a.node != nil {
		errs = append(errs, a.node.Stop(ctx))
	}
	if a.db != nil {
		errs = append(errs, a.db.Close())
	}
	errs = append(errs, a.tracing(ctx))
	return errors.Join(errs...)
}

func (a *app) countJobs(ctx context.Context) (map[string]int64, error) {
	return store.CountJobs(ctx, a.db.Read)
}

// countFulfilment adds the gauges of fulfilment to the metrics: where
// fulfilment orders, instructions and locations' reports stand, and which
// locations' breakers are open.
func (a *app) countFulfilment() {
	read := func(count func(context.Context, store.Querier) (map[string]int64, error)) func(
		context.Context) (map[string]int64, error) {
		return func(ctx context.Context) (map[string]int64, error) { return count(ctx, a.db.Read) }
	}
	a.metrics.Count("ordo_fulfilment_orders", "Fulfilment orders by status.", "status",
		read(fulfilment.OrdersByStatus))
	a.metrics.Count("ordo_instructions", "Instructions to locations by state; pending ones "+
		"wait to be sent or answered, refused ones are in the dead-letter queue.", "state",
		read(fulfilment.InstructionsByState))
	a.metrics.Count("ordo_location_reports", "Status reports from locations by outcome; "+
		"refused ones need an operator.", "outcome", read(fulfilment.ReportsByOutcome))
	a.metrics.Count("ordo_location_breaker_open", "1 while a location's circuit breaker is "+
		"open and nothing is sent to it.", "location", a.node.Fulfilment.OpenBreakers)
	a.metrics.Count("ordo_channel_calls", "Calls to channels (shipment and cancellation "+
		"confirmations) by state; refused ones are in the dead-letter queue.", "state",
		func(ctx context.Context) (map[string]int64, error) {
			calls, err := a.node.Outbox.Count(ctx)
			byState := map[string]int64{}
			for _, st := range []outbox.State{outbox.StateShadow, outbox.StatePending,
				outbox.StateSent, outbox.StateRefused} {
				byState[string(st)] = 0
			}
			for k, n := range calls {
				byState[k[1]] += int64(n)
			}
			return byState, err
		})
}

// duplicates returns how many deliveries were suppressed as duplicates, as
// /metrics reports it.
func (a *app) duplicates() int64 {
	return int64(a.metrics.Sum("ordo_duplicates_suppressed_total"))
}
