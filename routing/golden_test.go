package routing_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/routing"
	"github.com/ordo-oms/ordo/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenCase is one order of testdata/golden/orders.json.
type goldenCase struct {
	Name  string         `json:"name"`
	Now   time.Time      `json:"now"`
	Load  map[string]int `json:"load"`
	Order order.Order    `json:"order"`
}

// TestGolden routes a fixed set of orders against a fixed rule set and
// stock, and compares the decisions, as a planner reads them and as they
// are stored, with the golden files. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	dir := filepath.Join("testdata", "golden")
	set, err := rules.Load(filepath.Join(dir, "rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var stock routing.StockMap
	readJSON(t, filepath.Join(dir, "stock.json"), &stock)
	var cases []goldenCase
	readJSON(t, filepath.Join(dir, "orders.json"), &cases)
	if len(cases) == 0 {
		t.Fatal("no orders")
	}

	e := routing.New(set)
	var text bytes.Buffer
	var decisions []routing.Decision
	for _, c := range cases {
		d := e.Decide(routing.Request{Order: &c.Order, Now: c.Now, Stock: stock,
			Load: c.Load})
		fmt.Fprintf(&text, "=== %s\n%s\n", c.Name, d.Explain())
		decisions = append(decisions, d)
	}
	stored, err := json.MarshalIndent(decisions, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join(dir, "explanations.golden"), text.Bytes())
	golden(t, filepath.Join(dir, "decisions.golden.json"), append(stored, '\n'))
}

// golden compares got with the golden file at path, or rewrites the file
// with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
