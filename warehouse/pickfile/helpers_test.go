package pickfile_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/pickfile"
)

// at is the time the tests' 3PL stamps its statuses with.
var at = time.Date(2026, 12, 3, 14, 30, 0, 0, time.UTC)

// defaultFiles returns the files settings of an sftp location with every
// default filled in.
func defaultFiles() config.Files {
	cfg := (&config.Config{Locations: []config.Location{{ID: "tpl", Connector: "sftp"}}}).
		WithDefaults()
	return cfg.Locations[0].Files
}

// connector returns a connector of the 3PL tpl writing to picks in dir,
// closed when the test ends.
func connector(t testing.TB, dial pickfile.DialFunc, delimiter string,
	cols config.PickColumns) *pickfile.Connector {
	t.Helper()
	c, err := pickfile.New(pickfile.Options{Location: "tpl", Dial: dial, Picks: "picks",
		Delimiter: delimiter, Columns: cols})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// send sends batch and fails the test unless every instruction is
// accepted.
func send(t testing.TB, c *pickfile.Connector, batch ...warehouse.Instruction) {
	t.Helper()
	answers, err := c.Send(context.Background(), batch)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if len(answers) != len(batch) {
		t.Fatalf("%d answers to %d instructions", len(answers), len(batch))
	}
	for i, a := range answers {
		if a.Reference != batch[i].Reference || a.Outcome != warehouse.Accepted {
			t.Errorf("answer %d is %+v; want %s accepted", i, a, batch[i].Reference)
		}
	}
}

// release returns the release of fulfilment order ref with the given
// lines to a fixed address. As Ordo's do, it has the fulfilment order's id
// for its reference.
func release(ref string, lines ...warehouse.Line) warehouse.Instruction {
	return warehouse.Instruction{Reference: ref, Kind: warehouse.KindRelease,
		FulfilmentID: ref, Location: "tpl", Carrier: "dhl", Method: "standard",
		ShipBy: time.Date(2026, 12, 4, 17, 0, 0, 0, time.FixedZone("CET", 3600)),
		ShipTo: &warehouse.Address{Name: "Anna de Vries", Line1: "Oudegracht 12",
			Postcode: "3511 AB", City: "Utrecht", Country: "NL", Phone: "+31 30 123 4567"},
		Lines: lines, CreatedAt: at}
}

// cancel returns the cancel of order orderID's lines in fulfilment order
// fulfilmentID, with a reference of its own as Ordo makes them.
func cancel(fulfilmentID, orderID string, lines ...warehouse.Line) warehouse.Instruction {
	return warehouse.Instruction{Reference: fulfilmentID + "/cancel/" + orderID,
		Kind: warehouse.KindCancel, FulfilmentID: fulfilmentID, Location: "tpl",
		Lines: lines, CreatedAt: at}
}

func line(order, id, sku string, qty int64) warehouse.Line {
	return warehouse.Line{OrderID: order, LineID: id, SKU: sku, Quantity: qty}
}

// files lists the files under root, subdirectories included, as
// slash-separated paths.
func files(t testing.TB, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func read(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// collector is an ApplyFunc that keeps what it is given.
type collector struct {
	mu      sync.Mutex
	updates []warehouse.StatusUpdate
}

func (c *collector) apply(ctx context.Context, tx *store.Tx, u warehouse.StatusUpdate) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.updates = append(c.updates, u)
	return nil
}

func (c *collector) got() []warehouse.StatusUpdate {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.updates)
}

// handler returns the status handler of the 3PL tpl, failing the test on
// an error.
func handler(t testing.TB, delimiter string, cols config.StatusColumns,
	apply pickfile.ApplyFunc) filedrop.Handler {
	t.Helper()
	h, err := pickfile.StatusHandler(pickfile.StatusOptions{Location: "tpl",
		Delimiter: delimiter, Columns: cols, Apply: apply})
	if err != nil {
		t.Fatalf("StatusHandler: %v", err)
	}
	return h
}
