package filedrop_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/filedrop/sftptest"
	"github.com/ordo-oms/ordo/store"
)

// snapshotOf returns an inventory snapshot of n rows, whose SKUs differ
// with salt.
func snapshotOf(n, salt int) string {
	var b strings.Builder
	b.WriteString("location,sku,on_hand\n")
	for i := range n {
		fmt.Fprintf(&b, "dc-%d,SKU-%06d-%d,%d\n", i%4, i, salt, i%500)
	}
	return b.String()
}

func BenchmarkReader(b *testing.B) {
	in := []byte(snapshotOf(10_000, 0))
	m := filedrop.Mapping{Header: true, Columns: stockColumns}
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		r := filedrop.NewReader(bytes.NewReader(in), m)
		for rec := range r.Records() {
			_, _ = rec.Get("sku"), rec.Int("on_hand")
		}
		if err := r.Err(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTakeOverSFTP takes snapshots of 10,000 rows from an SFTP
// server into SQLite: listing, reading, applying row by row, committing
// and moving.
func BenchmarkTakeOverSFTP(b *testing.B) {
	s := sftptest.Start(b)
	c, err := filedrop.Dial(context.Background(), s.Options())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	e := newEnv(b, store.SQLite)
	p := &filedrop.Poller{Source: "bench", Dir: c, Pattern: "*.csv", Batcher: e.batcher,
		Handle: stock{}.handle, Log: quiet}
	ctx := context.Background()
	b.SetBytes(int64(len(snapshotOf(10_000, 0))))
	i := 0
	for b.Loop() {
		b.StopTimer()
		data := []byte(snapshotOf(10_000, i))
		name := fmt.Sprintf("stock-%d.csv", i)
		if err := filedrop.Put(ctx, c, name, data); err != nil {
			b.Fatal(err)
		}
		i++
		if _, err := p.Poll(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := p.Poll(ctx)
		if err != nil || len(rep.Done) != 1 {
			b.Fatalf("pass returned %+v, %v; want one file done", rep, err)
		}
	}
}
