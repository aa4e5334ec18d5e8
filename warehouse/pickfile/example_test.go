package pickfile_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/warehouse"
	"github.com/ordo-oms/ordo/warehouse/pickfile"
)

// A release of two lines becomes a pick file of two rows, in the columns
// the location's files settings name.
func ExampleConnector_Send() {
	root, err := os.MkdirTemp("", "pickfile")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)

	cfg := (&config.Config{Locations: []config.Location{{ID: "tpl", Connector: "sftp",
		Files: config.Files{Delimiter: ";", PickColumns: config.PickColumns{
			Reference: "Ref", SKU: "Article", Quantity: "Qty"}}}}}).WithDefaults()
	files := cfg.Locations[0].Files
	c, err := pickfile.New(pickfile.Options{Location: "tpl",
		Dial: pickfile.Static(filedrop.LocalDir(root)), Picks: files.Picks,
		Delimiter: files.Delimiter, Columns: files.PickColumns})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()

	answers, err := c.Send(context.Background(), []warehouse.Instruction{{
		Reference: "r-1", Kind: warehouse.KindRelease, Carrier: "dhl", Method: "express",
		ShipBy: time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC),
		ShipTo: &warehouse.Address{Name: "Anna de Vries", Line1: "Oudegracht 12",
			Postcode: "3511 AB", City: "Utrecht", Country: "NL"},
		Lines: []warehouse.Line{{OrderID: "o-1", LineID: "1", SKU: "TEE-BLK-M", Quantity: 2},
			{OrderID: "o-1", LineID: "2", SKU: "CAP-RED", Quantity: 1}}}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(answers[0].Outcome)

	names, err := filepath.Glob(filepath.Join(root, "picks", "*.csv"))
	if err != nil {
		log.Fatal(err)
	}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s:\n%s", filepath.Base(name), b)
	}
	// Output:
	// accepted
	// picks-r-1-a5fa777a3dc6.csv:
	// Ref;order_id;line_id;Article;Qty;carrier;method;ship_by;name;company;line1;line2;postcode;city;country;phone
	// r-1;o-1;1;TEE-BLK-M;2;dhl;express;2026-12-04T17:00:00Z;Anna de Vries;;Oudegracht 12;;3511 AB;Utrecht;NL;
	// r-1;o-1;2;CAP-RED;1;dhl;express;2026-12-04T17:00:00Z;Anna de Vries;;Oudegracht 12;;3511 AB;Utrecht;NL;
}
