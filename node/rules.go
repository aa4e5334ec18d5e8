package node

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/rules"
	"github.com/ordo-oms/ordo/store"
)

// rulesWatchEvery is how often the rule set's file is looked at for a
// change. A change is live within this long; SIGHUP makes it live at once.
const rulesWatchEvery = 2 * time.Second

// rulesFile is the rule set's file and the text that is live.
type rulesFile struct {
	path      string
	locations []config.Location // as configured; the rule set must name only these
	mu        sync.Mutex        // serialises reloads
	live      []byte
	seen      fileState // of the file when it was last read
}

// ReloadRules reads the rule set's file again and, if its text changed and
// it passes the check, makes it live: it is recorded under its version,
// every decision from now on is made under it, and validated orders that no
// rule set routed yet are routed. A rule set that fails the check never
// goes live; the one before stays, and the error lists every problem.
func (n *Node) ReloadRules(ctx context.Context) error {
	if n.rules.path == "" {
		return nil
	}
	n.rules.mu.Lock()
	defer n.rules.mu.Unlock()
	n.rules.seen = stat(n.rules.path)
	data, err := os.ReadFile(n.rules.path)
	if err != nil {
		return fmt.Errorf("node: read rule set: %w", err)
	}
	if n.rules.live != nil && bytes.Equal(data, n.rules.live) {
		return nil
	}
	set, err := rules.Parse(data, n.rules.path)
	if err == nil {
		err = n.rules.check(set)
	}
	if err != nil {
		n.log.ErrorContext(ctx, "rule set refused; the live one stays",
			"file", n.rules.path, "error", err.Error())
		return err
	}
	err = n.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
		return allocation.RecordRuleSet(ctx, tx, allocation.RuleSet{Version: set.Version(),
			Source: n.rules.path, Content: string(data), LoadedAt: time.Now().UTC()})
	})
	if err != nil {
		return err
	}
	first := n.rules.live == nil
	n.Allocation.SetRules(set)
	n.rules.live = data
	n.log.InfoContext(ctx, "rule set live", "file", n.rules.path, "version", set.Version())
	if first {
		return nil // The queue's first sweep, as it starts, routes what waits.
	}
	return n.Queue.RouteUnrouted(ctx)
}

// check refuses a rule set that routes to a location the configuration
// does not have, since nothing could be sent there. A configuration
// without locations takes any: its rule set is tried out before the
// connections to the warehouses exist.
func (f *rulesFile) check(set *rules.Set) error {
	if len(f.locations) == 0 {
		return nil
	}
	var missing []string
	for _, l := range set.Locations() {
		if !slices.ContainsFunc(f.locations, func(c config.Location) bool { return c.ID == l.ID }) {
			missing = append(missing, l.ID)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("node: rule set %s routes to %s, which the configuration's "+
			"locations do not have; add them under locations: or remove them from the rule set",
			f.path, strings.Join(missing, ", "))
	}
	return nil
}

// watchRules reloads the rule set whenever its file's size or time of
// change differs from when it was last read, until ctx ends.
func (n *Node) watchRules(ctx context.Context, every time.Duration) {
	defer close(n.done)
	if n.rules.path == "" {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n.rules.mu.Lock()
		changed := stat(n.rules.path) != n.rules.seen
		n.rules.mu.Unlock()
		if changed {
			// A refused rule set is logged by ReloadRules; the watch goes on.
			_ = n.ReloadRules(ctx)
		}
	}
}

// fileState is what the watch compares to see a file change.
type fileState struct {
	size int64
	mod  time.Time
}

func stat(path string) fileState {
	fi, err := os.Stat(path)
	if err != nil {
		return fileState{}
	}
	return fileState{fi.Size(), fi.ModTime()}
}
