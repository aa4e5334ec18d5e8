package jobs

import (
	"context"
	"errors"
	"sync"

	"github.com/riverqueue/river"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/store"
)

// ValidateArgs asks for orders to be validated. One job carries every order
// of one committed batch, so that the queue's cost is paid once per batch,
// not once per order.
type ValidateArgs struct {
	Orders []OrderRef `json:"orders"`
}

// OrderRef names an order and the trace it arrived with.
type OrderRef struct {
	OMSOrderID string `json:"oms_order_id"`
	// TraceParent is the W3C traceparent of the request that changed the
	// order, so that the order's trace continues through the job.
	TraceParent string `json:"traceparent,omitempty"`
}

// Kind names the job in the queue.
func (ValidateArgs) Kind() string { return "validate_orders" }

type validateWorker struct {
	river.WorkerDefaults[ValidateArgs]
	orders *ingest.Service
	log    logger
}

// Work validates each order in its own unit of the group commit, all at
// once, so that they share commits. Validation is idempotent: a retry after
// a partial failure only records what is still missing.
func (w *validateWorker) Work(ctx context.Context, job *river.Job[ValidateArgs]) error {
	var wg sync.WaitGroup
	errs := make([]error, len(job.Args.Orders))
	for i, ref := range job.Args.Orders {
		wg.Go(func() { errs[i] = w.validate(ctx, job.ID, ref) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (w *validateWorker) validate(ctx context.Context, jobID int64, ref OrderRef) error {
	ctx = propagation.TraceContext{}.Extract(ctx,
		propagation.MapCarrier{"traceparent": ref.TraceParent})
	ctx, span := otel.Tracer("github.com/ordo-oms/ordo/jobs").Start(ctx, "validate order")
	defer span.End()
	meta := store.Meta{
		TraceID:     traceID(ctx),
		CausationID: causation(jobID),
		OccurredAt:  w.orders.Now(),
	}
	err := w.orders.Validate(ctx, ref.OMSOrderID, meta)
	w.log.order(ctx, ref.OMSOrderID, "validate", err)
	return err
}
