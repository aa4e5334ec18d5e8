package filedrop_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/store"
)

func ExampleReader() {
	// An ERP's stock export: semicolons, its own column names, and a
	// column Ordo does not need.
	export := "\ufeffArtikel;Lager;Bestand;Omschrijving\n" +
		"TEE-BLK-M;dc-utrecht;12;\"T-shirt; black\"\n" +
		"CAP-RED;dc-utrecht;twelve;Cap\n" +
		"MUG-01;dc-mars;3;Mug\n"
	m := filedrop.Mapping{Delimiter: ';', Header: true, Columns: map[string]string{
		"sku": "artikel", "location": "lager", "on_hand": "bestand"}}

	r := filedrop.NewReader(strings.NewReader(export), m)
	for rec := range r.Records() {
		onHand := rec.Int("on_hand")
		if rec.Get("location") != "dc-utrecht" {
			rec.Fail("location", "%q is not a location Ordo knows", rec.Get("location"))
		}
		if rec.OK() {
			fmt.Println(rec.Line, rec.Get("sku"), rec.Get("location"), onHand)
		}
	}
	var bad *filedrop.Error
	if errors.As(r.Err(), &bad) {
		for _, p := range bad.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// 2 TEE-BLK-M dc-utrecht 12
	// line 3: column "Bestand": found "twelve"; want a whole number
	// line 4: column "Lager": "dc-mars" is not a location Ordo knows
}

func Example_poller() {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "filedrop-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(tmp)
	db, err := store.Open(ctx, "sqlite://"+filepath.Join(tmp, "ordo.db"), store.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		fmt.Println(err)
		return
	}
	batcher := store.NewBatcher(db, store.BatchOptions{})
	defer batcher.Close()

	// A party drops a file; in production Dir is a *filedrop.Client.
	drop := filepath.Join(tmp, "drop")
	_ = os.Mkdir(drop, 0o755)
	_ = os.WriteFile(filepath.Join(drop, "stock.csv"), []byte("sku,on_hand\nTEE,12\n"), 0o644)

	mapping := filedrop.Mapping{Header: true,
		Columns: map[string]string{"sku": "sku", "on_hand": "on_hand"}}
	p := &filedrop.Poller{
		Source:  "erp-stock",
		Dir:     filedrop.LocalDir(drop),
		Pattern: "*.csv",
		Batcher: batcher,
		Handle: func(ctx context.Context, q *store.Tx, f filedrop.File) error {
			r := filedrop.NewReader(bytes.NewReader(f.Data), mapping)
			for rec := range r.Records() {
				// A real handler writes through q here.
				fmt.Println("apply", f.Name, rec.Get("sku"), rec.Int("on_hand"))
			}
			return r.Err()
		},
		Log: slog.New(slog.DiscardHandler),
	}
	// A periodic job calls Poll; the first pass only sees the file.
	for range 2 {
		rep, err := p.Poll(ctx)
		fmt.Printf("%+v %v\n", rep, err)
	}
	rs, err := filedrop.Receipts(ctx, db.Read, "erp-stock", 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rs[0].Name, rs[0].State, rs[0].MovedTo)
	// Output:
	// {Done:[] Duplicate:[] Rejected:[] Waiting:[stock.csv] Failed:[]} <nil>
	// apply stock.csv TEE 12
	// {Done:[stock.csv] Duplicate:[] Rejected:[] Waiting:[] Failed:[]} <nil>
	// stock.csv done done/stock.csv
}
