package node

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/pickfile"
	"github.com/ordo-oms/ordo/warehouse/rest"
	"github.com/ordo-oms/ordo/warehouse/simulated"
)

// connected is the configured locations as fulfilment and the job queue
// see them, with what must be closed when the node stops.
type connected struct {
	locations  map[string]*fulfilment.Location
	deliveries map[string]jobs.Delivery
	closers    []func()
}

// connect makes a connector for each configured location, behind its
// circuit breaker. A simulated location reports through f.
func connect(cfg *config.Config, f *fulfilment.Service) (*connected, error) {
	c := &connected{locations: map[string]*fulfilment.Location{},
		deliveries: map[string]jobs.Delivery{}}
	for _, l := range cfg.Locations {
		conn, files, err := c.connector(l, f)
		if err != nil {
			c.close()
			return nil, fmt.Errorf("node: location %s: %w", l.ID, err)
		}
		from, until, err := config.ParseWindow(l.ReleaseWindow)
		if err != nil {
			c.close()
			return nil, fmt.Errorf("node: location %s: release_window %w", l.ID, err)
		}
		statuses := map[string]fulfilment.Status{}
		for _, sc := range l.Statuses {
			statuses[sc.Code] = fulfilment.Status(sc.Status)
		}
		c.locations[l.ID] = &fulfilment.Location{ID: l.ID, Active: l.Mode == "active",
			Connector: warehouse.NewBreaker(l.ID, conn, warehouse.BreakerOptions{
				Failures: l.Breaker.Failures, Cooldown: time.Duration(l.Breaker.Cooldown)}),
			Statuses: statuses, Window: fulfilment.Window{From: from, Until: until},
			Files: files}
		c.deliveries[l.ID] = jobs.Delivery{BatchSize: conn.BatchSize(),
			MaxAttempts: l.MaxAttempts, Backoff: time.Duration(l.Backoff),
			MaxBackoff: time.Duration(l.MaxBackoff)}
	}
	return c, nil
}

// connector makes the connector a location's configuration names, and for
// one that exchanges files, where its status files are.
func (c *connected) connector(l config.Location, f *fulfilment.Service) (
	warehouse.Connector, *fulfilment.StatusFiles, error) {
	switch l.Connector {
	case "rest":
		conn, err := rest.New(rest.Options{Location: l.ID, URL: l.REST.URL,
			Token: l.REST.Token.Reveal(), TokenURL: l.REST.TokenURL, ClientID: l.REST.ClientID,
			ClientSecret: l.REST.ClientSecret.Reveal(), Secret: []byte(l.Secret.Reveal()),
			Timeout: time.Duration(l.REST.Timeout)})
		return conn, nil, err
	case "sftp":
		opts := filedrop.FromConfig(l.SFTP)
		conn, err := pickfile.New(pickfile.Options{Location: l.ID,
			Dial: pickfile.DialSFTP(opts), Picks: l.Files.Picks,
			Delimiter: l.Files.Delimiter, Columns: l.Files.PickColumns})
		if err != nil {
			return nil, nil, err
		}
		c.closers = append(c.closers, func() { conn.Close() })
		opts.Dir = path.Join(opts.Dir, l.Files.Statuses)
		return conn, &fulfilment.StatusFiles{Dial: pickfile.DialSFTP(opts),
			Every: time.Duration(l.Files.Every), Settle: time.Duration(l.Files.Settle),
			Delimiter: l.Files.Delimiter, Columns: l.Files.StatusColumns}, nil
	case "simulated":
		id := l.ID
		w := simulated.New(simulated.Options{Location: id,
			HandlingTime: time.Duration(l.Simulated.HandlingTime),
			FailureRate:  l.Simulated.FailureRate,
			Report: func(ctx context.Context, u warehouse.StatusUpdate) error {
				return reportSimulated(ctx, f, id, u)
			}})
		c.closers = append(c.closers, w.Close)
		return w, nil, nil
	}
	return nil, nil, fmt.Errorf("unknown connector %q", l.Connector)
}

// reportSimulated hands a simulated warehouse's report to fulfilment as a
// callback would.
func reportSimulated(ctx context.Context, f *fulfilment.Service, location string,
	u warehouse.StatusUpdate) error {
	body, err := json.Marshal(u)
	if err != nil {
		return err
	}
	_, err = f.Report(ctx, fulfilment.Report{Location: location, Update: u, Body: body})
	return err
}

func (c *connected) close() {
	for _, fn := range c.closers {
		fn()
	}
}
