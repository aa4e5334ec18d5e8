package node_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/bol/boltest"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/outbox"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// TestBolCancellationRequestIsConfirmed has a bol.com customer ask to
// cancel an order before Ordo reads it. Ordo records the order cancelled
// and confirms the cancellation to bol.com, which would otherwise expect
// the order to ship, once, though the first attempt times out after
// bol.com applied it.
func TestBolCancellationRequestIsConfirmed(t *testing.T) {
	f := boltest.New(boltest.Options{})
	t.Cleanup(f.Close)
	api := listen(t)
	cfg := channelConfig(t, config.Channel{ID: "bol-nl", Kind: "bol", API: config.ChannelAPI{
		BaseURL: f.URL, TokenURL: f.TokenURL(), ClientID: f.ClientID,
		ClientSecret: config.Secret(f.ClientSecret)}})
	db := storetest.Open(t, store.SQLite)
	n := startNode(t, cfg, db)
	api.serve(cfg, db, n)

	const id = "CANCEL-1"
	o := boltest.NewOrder(id, time.Now().UTC().Add(-time.Minute),
		boltest.Line{SKU: sku, Quantity: 2, UnitPrice: 1995},
		boltest.Line{SKU: sku, Quantity: 1, UnitPrice: 1995})
	for i := range o.Items {
		o.Items[i].CancellationRequest = true
	}
	f.AddOrder(o)
	f.Inject(boltest.RouteCancel, 1, boltest.Fault{Kind: boltest.TimeoutAfter})
	body := f.PushBody(boltest.Event{Resource: "ORDER", Type: "NEW", ResourceID: id})
	name, value := f.SignPush(body)
	post(t, api.URL+"/webhooks/bol", body, http.Header{name: {value}})

	var calls []outbox.Call
	eventually(t, 30*time.Second, "the cancellation confirmed to bol.com", func() (bool,
		string) {
		var err error
		calls, err = n.Outbox.Calls(context.Background(), outbox.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(calls) == 1 && calls[0].State == outbox.StateSent, describeCalls(calls)
	})
	if calls[0].Kind != outbox.KindCancel {
		t.Errorf("the call is a %s; want a cancellation", calls[0].Kind)
	}
	got, _ := f.Order(id)
	for _, it := range got.Items {
		if it.Cancelled != it.Quantity || it.Shipped != 0 {
			t.Errorf("bol.com holds item %s with %d of %d cancelled and %d shipped; want all "+
				"cancelled", it.ID, it.Cancelled, it.Quantity, it.Shipped)
		}
	}
	if st := orderStatuses(t, db); st[order.StatusCancelled] != 1 || len(st) != 1 {
		t.Errorf("orders by status: %v; want one cancelled", st)
	}
}
