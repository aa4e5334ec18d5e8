package fulfilment

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/pickfile"
)

// StatusFiles is where a location that exchanges files drops its status
// reports, and how to read them.
type StatusFiles struct {
	// Dial connects to the directory the status files are dropped in.
	Dial pickfile.DialFunc
	// Every is how often the directory is looked at; Settle, how long a
	// file must stay unchanged before it is taken.
	Every, Settle time.Duration
	Delimiter     string
	Columns       config.StatusColumns

	mu     sync.Mutex // one pass at a time
	poller *filedrop.Poller
}

// StatusPolls returns how often the status files of each location that
// drops them are to be looked at.
func (s *Service) StatusPolls() map[string]time.Duration {
	out := map[string]time.Duration{}
	for id, loc := range s.Locations {
		if loc.Files != nil {
			out[id] = loc.Files.Every
		}
	}
	return out
}

// PollStatuses makes one pass over a location's status files: each file
// that has stopped changing is applied whole, in the transaction that
// records its receipt, and moved to done/; one with a report that cannot
// be applied goes to error/ with the reasons.
func (s *Service) PollStatuses(ctx context.Context, location string) (filedrop.Report, error) {
	loc, ok := s.Locations[location]
	if !ok || loc.Files == nil {
		return filedrop.Report{}, fmt.Errorf("%w: %s takes no status files",
			ErrUnknownLocation, location)
	}
	sf := loc.Files
	sf.mu.Lock()
	defer sf.mu.Unlock()
	if sf.poller == nil {
		handle, err := pickfile.StatusHandler(pickfile.StatusOptions{Location: loc.ID,
			Delimiter: sf.Delimiter, Columns: sf.Columns, Apply: s.applyFromFile(loc)})
		if err != nil {
			return filedrop.Report{}, err
		}
		sf.poller = &filedrop.Poller{Source: "statuses-" + loc.ID, Settle: sf.Settle,
			Handle: handle, Batcher: s.Batcher, Now: s.Now, Log: s.log().With("location", loc.ID)}
	}
	dir, closer, err := sf.Dial(ctx)
	if err != nil {
		return filedrop.Report{}, fmt.Errorf("fulfilment: status files of %s: %w", loc.ID, err)
	}
	if closer != nil {
		defer closer.Close()
	}
	sf.poller.Dir = dir
	rep, err := sf.poller.Poll(ctx)
	if err != nil {
		return rep, fmt.Errorf("fulfilment: status files of %s: %w", loc.ID, err)
	}
	return rep, nil
}

// applyFromFile applies one report of a status file in the transaction
// of the file's receipt. A report that cannot be applied refuses the
// whole file, with the reason, so that the 3PL's file lands in error/
// where the operator sees it.
func (s *Service) applyFromFile(loc *Location) pickfile.ApplyFunc {
	return func(ctx context.Context, tx *store.Tx, u warehouse.StatusUpdate) error {
		body, err := json.Marshal(u)
		if err != nil {
			return fmt.Errorf("fulfilment: encode report: %w", err)
		}
		_, err = s.take(ctx, tx, loc, Report{Location: loc.ID, Update: u, Body: body,
			Meta: store.Meta{OccurredAt: cmp.Or(u.At, s.now())}})
		var ref *refusal
		if errors.As(err, &ref) {
			return &filedrop.Error{Problems: []filedrop.Problem{{Message: fmt.Sprintf(
				"%s %s: %s", u.Reference, u.Code, ref.reason)}}}
		}
		return err
	}
}
