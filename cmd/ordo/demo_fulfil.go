package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/filedrop/sshd"
	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse/pickfile"
)

// demo3PL is the demo's 3PL; over SFTP, it takes pick files from
// demoPicks and drops status files in demoStatuses.
const (
	demo3PL      = "dc-antwerp"
	demoPicks    = "picks"
	demoStatuses = "statuses"
)

// demoLocations are the demo's warehouses: two simulated ones, of which
// dc-utrecht fails often enough, with few attempts, that some instructions
// end in the dead-letter queue, and a 3PL in Antwerp that exchanges files
// over SFTP with srv or, when srv is nil, is simulated. Tilburg, where
// the sneakers restocked half-way go, is not the one that fails: a
// dead-lettered fulfilment order keeps its reservation, and a routing
// batch that meets the same order line again is retried for hours, which
// --exit would wait for.
func demoLocations(srv *sshd.Server) []config.Location {
	simulated := func(id string, handling time.Duration, failures float64,
		attempts int) config.Location {
		return config.Location{ID: id, Connector: "simulated", Mode: "active",
			Simulated: config.Simulated{HandlingTime: config.Duration(handling),
				FailureRate: failures},
			MaxAttempts: attempts, Backoff: config.Duration(500 * time.Millisecond),
			MaxBackoff: config.Duration(2 * time.Second),
			Breaker:    config.Breaker{Failures: 8, Cooldown: config.Duration(2 * time.Second)}}
	}
	antwerp := simulated(demo3PL, 12*time.Second, 0.05, 5)
	if srv != nil {
		antwerp = overSFTP(antwerp, srv)
	}
	return []config.Location{
		simulated("dc-utrecht", 6*time.Second, 0.35, 2),
		simulated("dc-tilburg", 9*time.Second, 0.05, 5),
		antwerp,
	}
}

// overSFTP turns a simulated location into one that writes pick files to
// srv and looks for status files there every second, with the status codes
// of pickfile.ThirdParty. Its attempts, backoff and breaker stay.
func overSFTP(l config.Location, srv *sshd.Server) config.Location {
	o := srv.Options()
	l.Connector = "sftp"
	l.Simulated = config.Simulated{}
	l.SFTP = config.SFTP{Addr: o.Addr, User: o.User, PrivateKey: config.Secret(o.PrivateKey),
		HostKey: o.HostKey, Dir: o.Dir}
	l.Files = config.Files{Picks: demoPicks, Statuses: demoStatuses,
		Every: config.Duration(time.Second), Settle: config.Duration(200 * time.Millisecond)}
	l.Statuses = pickfile.ThirdPartyStatuses()
	return l
}

// startDemoSFTP starts an sshd in dir for the demo's 3PL, with the
// directories of its pick and status files made, when sshd is installed.
// It also returns the line that tells which kind the 3PL is: simulated,
// and why, when sshd is missing or does not start. The caller closes the
// server.
func startDemoSFTP(dir string) (*sshd.Server, string) {
	if !sshd.Installed() {
		return nil, demo3PL + ": simulated (no sshd installed)"
	}
	simulated := func(err error) (*sshd.Server, string) {
		return nil, fmt.Sprintf("%s: simulated (%v)", demo3PL, err)
	}
	srv, err := sshd.Start(dir)
	if err != nil {
		return simulated(err)
	}
	for _, sub := range []string{demoPicks, demoStatuses} {
		if err := os.Mkdir(filepath.Join(srv.Root(), sub), 0o755); err != nil {
			srv.Close()
			return simulated(err)
		}
	}
	return srv, fmt.Sprintf("%s: a 3PL over SFTP at %s", demo3PL, srv.Options().Addr)
}

// runThirdParty plays the demo's 3PL, which exchanges files with srv as
// cfg says: a pickfile.ThirdParty works the files in srv's directory every
// second until ctx ends or the returned function is called, which waits for
// it to stop. What goes wrong is logged, as a 3PL's own trouble would not
// reach Ordo.
func runThirdParty(ctx context.Context, srv *sshd.Server, cfg *config.Config,
	log *slog.Logger) func() {
	l := cfg.Locations[slices.IndexFunc(cfg.Locations,
		func(l config.Location) bool { return l.ID == demo3PL })]
	tp := &pickfile.ThirdParty{
		Picks:       filedrop.LocalDir(filepath.Join(srv.Root(), l.Files.Picks)),
		Statuses:    filedrop.LocalDir(filepath.Join(srv.Root(), l.Files.Statuses)),
		Delimiter:   l.Files.Delimiter,
		PickColumns: l.Files.PickColumns, StatusColumns: l.Files.StatusColumns}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if _, err := tp.Work(ctx); err != nil && ctx.Err() == nil {
				log.WarnContext(ctx, "demo 3pl could not work its files",
					"location", l.ID, "error", err)
			}
		}
	})
	return func() {
		cancel()
		wg.Wait()
	}
}

// periodicJobs are the kinds of the queue's periodic jobs. One of them
// is always due again soon, and the status files are looked at every
// second, so they never tell that something is in motion.
var periodicJobs = map[string]bool{jobs.PollStatusesArgs{}.Kind(): true,
	jobs.PollChannelArgs{}.Kind(): true,
	jobs.PollFeedArgs{}.Kind():    true, jobs.ReleaseDueArgs{}.Kind(): true,
	jobs.RouteUnroutedArgs{}.Kind(): true, jobs.PruneInboxArgs{}.Kind(): true}

// fulfilmentStatus is the part of the demo's live summary about
// fulfilment, and whether nothing is left in motion: every fulfilment
// order released, every instruction answered or dead-lettered, and every
// accepted one shipped.
func fulfilmentStatus(ctx context.Context, db *store.DB) (string, bool, error) {
	s, err := fulfilment.Summarize(ctx, db.Read)
	if err != nil {
		return "", false, err
	}
	kinds, err := store.CountJobsByKind(ctx, db.Read)
	if err != nil {
		return "", false, err
	}
	var dead, moving int64
	for kind, n := range kinds {
		dead += n["discarded"] + n["cancelled"]
		if !periodicJobs[kind] {
			moving += n["available"] + n["running"] + n["scheduled"] + n["retryable"]
		}
	}
	f := s.FulfilmentOrders
	line := fmt.Sprintf("held %d · at warehouses %d · shipped %d · dead letters %d",
		f[string(allocation.FulfilmentOpen)], s.AtLocations,
		f[string(allocation.FulfilmentShipped)], dead)
	settled := f[string(allocation.FulfilmentOpen)] == 0 && s.AtLocations == 0 && moving == 0
	return line, settled, nil
}

// explainFulfilment prints what became of the fulfilment orders, what
// went through the 3PL's directory on srv when it is not nil, and the
// first dead letter, with the command that replays it.
func explainFulfilment(ctx context.Context, a *app, srv *sshd.Server, w io.Writer) error {
	s, err := fulfilment.Summarize(ctx, a.db.Read)
	if err != nil {
		return err
	}
	answered := s.Instructions[string(fulfilment.StateAnswered)]
	pending := s.Instructions[string(fulfilment.StatePending)]
	fmt.Fprintf(w, "\nFulfilment: %d released to the warehouses, %d shipped in %d parcels; "+
		"%d instructions answered, %d waiting to be sent\n", answered+pending,
		s.FulfilmentOrders[string(allocation.FulfilmentShipped)], s.Parcels, answered, pending)
	if srv != nil {
		if err := explainThirdParty(srv, w); err != nil {
			return err
		}
	}
	dead, _, err := a.node.Queue.DeadLetters(ctx, "", 1)
	if err != nil || len(dead) == 0 {
		return err
	}
	d := dead[0]
	fmt.Fprintf(w, "\n── ordo dlq list (first of them)\njob %d %s %s, %d attempts:\n",
		d.ID, d.Kind, d.Args, d.Attempts)
	for _, e := range d.Errors {
		fmt.Fprintf(w, "  attempt %d: %s\n", e.Attempt, e.Error)
	}
	fmt.Fprintf(w, "It is sent again, under the same reference, by ordo dlq replay %d "+
		"or POST /api/v1/dlq/%d/replay.\n", d.ID, d.ID)
	return nil
}

// explainThirdParty prints what went through the 3PL's directory on srv:
// the pick and cancel files it took, and the status files Ordo took in
// answer, which are named after the last status they hold.
func explainThirdParty(srv *sshd.Server, w io.Writer) error {
	picks, err := os.ReadDir(filepath.Join(srv.Root(), demoPicks, "done"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	statuses, err := os.ReadDir(filepath.Join(srv.Root(), demoStatuses, "done"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	shipped := 0
	for _, e := range statuses {
		if strings.HasPrefix(e.Name(), "shipped-") {
			shipped++
		}
	}
	fmt.Fprintf(w, "%s over SFTP: the 3PL took %d pick files and answered with %d status "+
		"files, %d of them shipments, which Ordo took\n",
		demo3PL, len(picks), len(statuses), shipped)
	return nil
}
