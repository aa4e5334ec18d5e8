// Package feeds takes in the files that parties without an API drop on SFTP
// servers. Each configured feed is looked at by a periodic job; each file
// found there is applied once, in the transaction that records its receipt,
// and moved to done/ or, with its problems, to error/.
//
// An inventory feed's files are stock counts. An orders feed's files hold
// the orders of one channel, a row per order line, for parties that have
// no API to read orders from; each order is received as if the channel
// had reported it.
package feeds

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/store"
)

// Service polls the configured feeds. Every field must be set before use.
type Service struct {
	Feeds   []config.Feed
	Batcher *store.Batcher
	// Allocation applies the files of inventory feeds.
	Allocation *allocation.Service
	// Orders records the orders in the files of orders feeds.
	Orders *ingest.Service
	Now    func() time.Time
	Log    *slog.Logger

	mu      sync.Mutex
	pollers map[string]*feedPoller
}

// feedPoller is one feed's poller, kept between passes: a pass takes a
// file only when it is the same as in the pass before.
type feedPoller struct {
	mu   sync.Mutex // one pass at a time
	feed config.Feed
	p    *filedrop.Poller
}

// Poll makes one pass over the feed with the given id: it connects to the
// feed's server, takes every file that has stopped changing, and reports
// what became of each.
func (s *Service) Poll(ctx context.Context, id string) (filedrop.Report, error) {
	fp, err := s.poller(id)
	if err != nil {
		return filedrop.Report{}, err
	}
	fp.mu.Lock()
	defer fp.mu.Unlock()
	c, err := filedrop.Dial(ctx, filedrop.FromConfig(fp.feed.SFTP))
	if err != nil {
		return filedrop.Report{}, fmt.Errorf("feeds: %s: %w", id, err)
	}
	defer c.Close()
	fp.p.Dir = c
	rep, err := fp.p.Poll(ctx)
	if err != nil {
		return rep, fmt.Errorf("feeds: %s: %w", id, err)
	}
	return rep, nil
}

// poller returns the poller of the feed with the given id, making it on
// first use.
func (s *Service) poller(id string) (*feedPoller, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if fp, ok := s.pollers[id]; ok {
		return fp, nil
	}
	for _, f := range s.Feeds {
		if f.ID != id {
			continue
		}
		fp := &feedPoller{feed: f, p: &filedrop.Poller{
			Source:  f.ID,
			Pattern: f.Pattern,
			Settle:  time.Duration(f.Settle),
			Handle:  s.handler(f),
			Batcher: s.Batcher,
			Now:     s.Now,
			Log:     s.Log.With("feed", f.ID),
		}}
		if s.pollers == nil {
			s.pollers = map[string]*feedPoller{}
		}
		s.pollers[id] = fp
		return fp, nil
	}
	return nil, fmt.Errorf("feeds: no feed %q is configured", id)
}

// handler returns what applies the files of a feed of f's kind, which the
// configuration's validation has checked.
func (s *Service) handler(f config.Feed) filedrop.Handler {
	if f.Kind == "orders" {
		return orderHandler(f, s.Orders)
	}
	return stockHandler(f, s.Allocation, s.Now)
}
