package ingest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/store"
)

func TestReceiveTxCommitsAndRollsBackWithTheCallersTransaction(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		r := ingest.Report{Key: "file:k1", Order: ordertest.Sample(1)}
		errUndo := errors.New("the caller's own write failed")

		err := e.svc.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			if _, err := e.svc.ReceiveTx(ctx, tx, r); err != nil {
				return err
			}
			return errUndo
		})
		if !errors.Is(err, errUndo) {
			t.Fatalf("Do() = %v; want the caller's error", err)
		}
		if n, m := e.count(t, "orders"), e.count(t, "inbox"); n != 0 || m != 0 {
			t.Fatalf("after a rollback: %d orders, %d keys; want none", n, m)
		}

		var res ingest.Result
		err = e.svc.Batcher.Do(ctx, func(ctx context.Context, tx *store.Tx) error {
			var err error
			res, err = e.svc.ReceiveTx(ctx, tx, r)
			return err
		})
		if err != nil || res.Outcome != ingest.Created || res.Duplicate {
			t.Fatalf("after the rollback, ReceiveTx() = %+v, %v; want created", res, err)
		}
		again, err := e.svc.Receive(ctx, r)
		if err != nil || !again.Duplicate || again.OMSOrderID != res.OMSOrderID {
			t.Errorf("Receive() of the same key = %+v, %v; want the duplicate of %s", again,
				err, res.OMSOrderID)
		}
	})
}
