package jobs

import (
	"context"

	"github.com/riverqueue/river"

	"github.com/ordo-oms/ordo/allocation"
	"github.com/ordo-oms/ordo/store"
)

// RouteArgs asks for orders to be routed: allocated to locations, or
// backordered. Like validation, one job carries the orders of one batch.
type RouteArgs struct {
	Orders []OrderRef `json:"orders"`
}

// Kind names the job in the queue.
func (RouteArgs) Kind() string { return "route_orders" }

// routeRef is an order to route, as a unit schedules it for the batch's
// flush.
type routeRef OrderRef

type routeWorker struct {
	river.WorkerDefaults[RouteArgs]
	alloc *allocation.Service
	log   logger
}

// Work routes the job's orders, each under the trace it arrived with.
func (w *routeWorker) Work(ctx context.Context, job *river.Job[RouteArgs]) error {
	reqs := make([]allocation.Request, len(job.Args.Orders))
	ctxs := make([]context.Context, len(job.Args.Orders))
	for i, ref := range job.Args.Orders {
		octx, end := continueTrace(ctx, ref.TraceParent, "route order")
		defer end()
		ctxs[i] = octx
		reqs[i] = allocation.Request{OMSOrderID: ref.OMSOrderID,
			Meta: meta(octx, job.ID, w.alloc.Now())}
	}
	err := w.alloc.Route(ctx, reqs...)
	for i, r := range reqs {
		w.log.order(ctxs[i], r.OMSOrderID, "route", err)
	}
	return err
}

// RouteUnroutedArgs asks for validated orders that were never routed to be
// routed now: those that arrived while no rule set was loaded, and those
// whose routing job was dead-lettered and since mended. It runs every
// minute and when a rule set is loaded.
type RouteUnroutedArgs struct{}

// Kind names the job in the queue.
func (RouteUnroutedArgs) Kind() string { return "route_unrouted" }

type unroutedWorker struct {
	river.WorkerDefaults[RouteUnroutedArgs]
	alloc *allocation.Service
	read  store.Querier
}

// unroutedBatch bounds the orders one sweep routes; the next sweep takes
// the rest.
const unroutedBatch = 500

func (w *unroutedWorker) Work(ctx context.Context, job *river.Job[RouteUnroutedArgs]) error {
	if w.alloc.Engine() == nil {
		return nil
	}
	ids, err := allocation.Unrouted(ctx, w.read, unroutedBatch)
	if err != nil || len(ids) == 0 {
		return err
	}
	reqs := make([]allocation.Request, len(ids))
	for i, id := range ids {
		reqs[i] = allocation.Request{OMSOrderID: id, Meta: meta(ctx, job.ID, w.alloc.Now())}
	}
	return w.alloc.Route(ctx, reqs...)
}
