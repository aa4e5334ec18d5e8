package jobs

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/ordo-oms/ordo/ingest"
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

// Work validates the job's orders. Each continues the trace it arrived
// with, and gets a log line of its own under that trace.
func (w *validateWorker) Work(ctx context.Context, job *river.Job[ValidateArgs]) error {
	vs := make([]ingest.Validation, len(job.Args.Orders))
	ctxs := make([]context.Context, len(job.Args.Orders))
	for i, ref := range job.Args.Orders {
		octx, end := continueTrace(ctx, ref.TraceParent, "validate order")
		defer end()
		ctxs[i] = octx
		vs[i] = ingest.Validation{OMSOrderID: ref.OMSOrderID,
			Meta: meta(octx, job.ID, w.orders.Now())}
	}
	err := w.orders.Validate(ctx, vs...)
	for i, v := range vs {
		w.log.order(ctxs[i], v.OMSOrderID, "validate", err)
	}
	return err
}
