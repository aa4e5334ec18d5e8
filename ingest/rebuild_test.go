package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/store"
)

// TestRebuildEqualsLive writes orders through every kind of event, then
// rebuilds the projections from the events and expects the very same rows.
func TestRebuildEqualsLive(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		for i := range 40 {
			o := ordertest.Sample(i)
			if i%5 == 0 {
				o.Currency = "XYZ"
			}
			res, err := e.svc.Receive(ctx, ingest.Report{Key: fmt.Sprint("c", i), Order: o})
			if err != nil {
				t.Fatal(err)
			}
			e.validate(t, res.OMSOrderID)
			if i%3 == 0 {
				o.UpdatedAt = o.UpdatedAt.Add(time.Hour)
				o.Lines = o.Lines[:1]
				rep := ingest.Report{Key: fmt.Sprint("u", i), Order: o}
				if i%2 == 0 {
					rep.Cancelled = &channel.Cancellation{At: o.UpdatedAt, Reason: "customer"}
				}
				if _, err := e.svc.Receive(ctx, rep); err != nil {
					t.Fatal(err)
				}
			}
		}

		live := dump(t, e.db)
		n, err := store.RebuildProjections(ctx, e.db)
		if err != nil {
			t.Fatal(err)
		}
		if n != 40 {
			t.Errorf("rebuilt %d orders, want 40", n)
		}
		if diff := cmp.Diff(live, dump(t, e.db)); diff != "" {
			t.Errorf("rebuilt projections differ from live ones (-live +rebuilt):\n%s", diff)
		}
	})
}

// dump returns every row of the projection tables as text, in key order.
func dump(t testing.TB, db *store.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for table, key := range map[string]string{
		"orders": "oms_order_id", "order_lines": "oms_order_id, line_no"} {
		rows, err := db.Read.Query("SELECT * FROM " + table + " ORDER BY " + key)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				if s, ok := v.([]byte); ok {
					v = string(s)
				}
				fmt.Fprintf(&b, "%s=%v ", cols[i], v)
			}
			out[table] = append(out[table], b.String())
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
