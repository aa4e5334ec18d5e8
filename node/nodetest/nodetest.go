// Package nodetest starts nodes for tests and stops them when the test
// ends.
package nodetest

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/node"
	"github.com/ordo-oms/ordo/store"
)

// Start validates cfg, starts a node on db as node.Start does, and stops
// it when the test ends, failing the test if it does not stop cleanly.
func Start(t testing.TB, cfg *config.Config, db *store.DB, log *slog.Logger) *node.Node {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("test configuration is invalid: %v", err)
	}
	n, err := node.Start(context.Background(), cfg, db, log)
	if err != nil {
		t.Fatalf("start node: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := n.Stop(ctx); err != nil {
			t.Errorf("stop node: %v", err)
		}
	})
	return n
}
