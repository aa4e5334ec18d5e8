package fulfilment_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/fulfilment"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/warehouse"
)

// BenchmarkFulfil measures the database's side of fulfilment for one
// fulfilment order on SQLite, in batches of 64 as the jobs run them:
// its release, the send's answer recorded, and the location's picked and
// shipped reports applied, the reports of a batch arriving at once as
// webhooks do. The allocations before it are not timed.
func BenchmarkFulfil(b *testing.B) {
	e := newEnv(b, store.SQLite)
	e.now = e.now.Add(time.Second) // A later count than newEnv's.
	e.stock(b, "TEE-BLK-M", int64(2*b.N+2))
	e.stock(b, "CAP-RED", int64(b.N+1))
	fos := make([]string, b.N)
	for i := range fos {
		_, fos[i] = e.allocated(b, i, nil)
	}
	ctx := b.Context()
	b.ResetTimer()
	for start := 0; start < len(fos); start += 64 {
		batch := fos[start:min(start+64, len(fos))]
		if _, err := e.svc.Release(ctx, store.Meta{}, batch...); err != nil {
			b.Fatal(err)
		}
		if err := e.send(b); err != nil {
			b.Fatal(err)
		}
		var wg sync.WaitGroup
		for _, fo := range batch {
			wg.Go(func() {
				for _, u := range []warehouse.StatusUpdate{
					{EventID: fo + "/p", Reference: fo, Code: "PICK"},
					{EventID: fo + "/s", Reference: fo, Code: "SHIP",
						Parcels: []warehouse.Parcel{{ID: "1", Carrier: "postnl",
							TrackingNumber: fmt.Sprint("3S", fo)}}},
				} {
					res, err := e.svc.Report(ctx, fulfilment.Report{Location: "dc-a", Update: u})
					if err != nil || res.Outcome != fulfilment.Applied {
						b.Errorf("report %s: %+v, %v", u.EventID, res, err)
					}
				}
			})
		}
		wg.Wait()
	}
}
