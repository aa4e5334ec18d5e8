package filedrop_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/store/storetest"
)

func TestReceipts(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, d)
			// Two sources take files in turn, a minute apart.
			start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
			var fixtures []*fixture
			for _, source := range []string{"erp-stock", "wms-status"} {
				path := t.TempDir()
				fixtures = append(fixtures, &fixture{t: t, source: source,
					dir: filedrop.LocalDir(path), path: path, db: e.db, batcher: e.batcher,
					now: start})
			}
			for i := range 5 {
				f := fixtures[i%2]
				f.now = start.Add(time.Duration(i) * time.Minute)
				f.drop(fmt.Sprintf("%d.csv", i), fmt.Sprintf("location,sku,on_hand\ndc,%d,1\n", i))
				p := f.poller(stock{}.handle)
				f.poll(p)
				f.poll(p)
			}

			tests := []struct {
				source string
				limit  int
				want   []string
			}{
				{"", 0, []string{"erp-stock 4.csv", "wms-status 3.csv", "erp-stock 2.csv",
					"wms-status 1.csv", "erp-stock 0.csv"}},
				{"", 2, []string{"erp-stock 4.csv", "wms-status 3.csv"}},
				{"erp-stock", 0, []string{"erp-stock 4.csv", "erp-stock 2.csv",
					"erp-stock 0.csv"}},
				{"wms-status", 1, []string{"wms-status 3.csv"}},
				{"nobody", 0, nil},
			}
			for _, tt := range tests {
				rs, err := filedrop.Receipts(context.Background(), e.db.Read, tt.source, tt.limit)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range rs {
					got = append(got, r.Source+" "+r.Name)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Receipts(%q, %d) (-want +got):\n%s", tt.source, tt.limit, diff)
				}
			}
		})
	}
}
