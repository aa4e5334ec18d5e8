package node_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/node"
	"github.com/ordo-oms/ordo/node/nodetest"
	"github.com/ordo-oms/ordo/rules"
	"github.com/ordo-oms/ordo/store/storetest"
)

// ruleSet is a rule set for one location, with the given cut-off.
func ruleSet(location, cutoff string) string {
	return `currency: EUR
locations:
  - id: ` + location + `
    country: NL
    time_zone: Europe/Amsterdam
    serves: [NL]
    methods: [standard]
    carriers: [postnl]
    cutoffs:
      - {days: [mon-fri], at: "` + cutoff + `"}
carriers:
  - id: postnl
    zones:
      - to: [NL]
        transit: {standard: 1}
        rates: [{up_to_g: 31500, cost: 4.95}]
`
}

type rulesEnv struct {
	node *node.Node
	path string
}

func startWithRules(t *testing.T, text string) *rulesEnv {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rules.yaml")
	write(t, path, text)
	cfg := config.Default()
	cfg.Rules = path
	cfg.Locations = []config.Location{{ID: "dc-a", Connector: "simulated"}}
	cfg = cfg.WithDefaults()
	n := nodetest.Start(t, cfg, storetest.Open(t, storetest.Dialects[0]),
		slog.New(slog.NewJSONHandler(io.Discard, nil)))
	return &rulesEnv{node: n, path: path}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (e *rulesEnv) version() string { return e.node.Allocation.Engine().Rules().Version() }

func TestRulesReload(t *testing.T) {
	e := startWithRules(t, ruleSet("dc-a", "17:00"))
	first := e.version()
	ctx := context.Background()

	write(t, e.path, ruleSet("dc-a", "17:60"))
	var bad *rules.Error
	if err := e.node.ReloadRules(ctx); !errors.As(err, &bad) {
		t.Fatalf("ReloadRules of a broken rule set = %v; want a *rules.Error", err)
	}
	if e.version() != first {
		t.Errorf("a rule set that fails its check went live")
	}

	write(t, e.path, ruleSet("dc-b", "18:00"))
	if err := e.node.ReloadRules(ctx); err == nil ||
		!strings.Contains(err.Error(), "routes to dc-b, which the configuration") {
		t.Errorf("ReloadRules of a rule set with an unknown location = %v", err)
	}

	write(t, e.path, ruleSet("dc-a", "18:00"))
	if err := e.node.ReloadRules(ctx); err != nil {
		t.Fatal(err)
	}
	second := e.version()
	if second == first {
		t.Fatal("the changed rule set did not go live")
	}
	for _, v := range []string{first, second} {
		rs, err := allocation.LoadRuleSet(ctx, e.node.DB.Read, v)
		if err != nil || !strings.Contains(rs.Content, "cutoffs") {
			t.Errorf("rule set %s is not recorded: %v", v, err)
		}
	}
}

func TestRulesFileWatch(t *testing.T) {
	e := startWithRules(t, ruleSet("dc-a", "17:00"))
	first := e.version()
	write(t, e.path, ruleSet("dc-a", "16:30"))
	deadline := time.Now().Add(15 * time.Second)
	for e.version() == first {
		if time.Now().After(deadline) {
			t.Fatal("the watch did not make the changed rule set live within 15s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestStartRefusesABrokenRuleSet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rules.yaml")
	write(t, path, "currency: EUR\nlocations: []\nscoring: {cost: -1}\n")
	cfg := config.Default()
	cfg.Rules = path
	db := storetest.Open(t, storetest.Dialects[0])
	_, err := node.Start(context.Background(), cfg, db, slog.New(slog.DiscardHandler))
	var bad *rules.Error
	if !errors.As(err, &bad) || len(bad.Problems) == 0 {
		t.Fatalf("Start = %v; want the rule set's problems", err)
	}
}
