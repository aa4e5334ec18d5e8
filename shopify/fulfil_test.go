package shopify

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/shopify/shopifytest"
)

// parcel is a shipment of both mugs and the book of mugAndBook(1001).
func parcel() channel.Shipment {
	return channel.Shipment{Key: "ship-1", OrderID: "1001", Carrier: "postnl",
		TrackingNumber: "3SABCD0123456789",
		TrackingURL:    "https://jouw.postnl.nl/track-and-trace/3SABCD0123456789",
		Lines: []channel.Line{
			{LineID: "1001001", SKU: "MUG-01", Quantity: 2},
			{LineID: "1001002", SKU: "BOOK-07", Quantity: 1},
		}}
}

func TestShipCreatesOneFulfillment(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))

	c, err := a.Ship(context.Background(), parcel())
	if err != nil {
		t.Fatal(err)
	}
	fs := shop.Fulfillments(1001)
	if len(fs) != 1 {
		t.Fatalf("%d fulfilments, want 1", len(fs))
	}
	f := fs[0]
	if c.Reference == "" || c.Duplicate || c.Reference != itoa(f.ID) {
		t.Errorf("confirmation %+v for fulfilment %d", c, f.ID)
	}
	if f.TrackingNumber != "3SABCD0123456789" || f.TrackingCompany != "PostNL" ||
		!f.NotifyCustomer || f.TrackingURL == "" {
		t.Errorf("fulfilment %+v", f)
	}
	if len(f.Lines) != 2 || f.Lines[0].Quantity != 2 || f.Lines[1].Quantity != 1 {
		t.Errorf("fulfilled lines %+v", f.Lines)
	}
	body, _ := shop.Order(1001)
	var o struct {
		FulfillmentStatus string `json:"fulfillment_status"`
	}
	if err := json.Unmarshal(body, &o); err != nil || o.FulfillmentStatus != "fulfilled" {
		t.Errorf("order fulfillment_status %q (%v)", o.FulfillmentStatus, err)
	}
}

func TestShipIsExactlyOnceThroughTimeouts(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	// The first post times out before Shopify applies it, the second after.
	shop.Fail("POST", "/fulfillments.json", 1, shopifytest.TimeoutBefore)
	shop.Fail("POST", "/fulfillments.json", 1, shopifytest.TimeoutAfter)

	var c channel.Confirmation
	var err error
	attempts := 0
	for attempts = 1; attempts <= 5; attempts++ {
		if c, err = a.Ship(context.Background(), parcel()); err == nil {
			break
		}
		if channel.IsPermanent(err) {
			t.Fatalf("attempt %d: a timeout gave a permanent error: %v", attempts, err)
		}
	}
	if err != nil {
		t.Fatalf("Ship never succeeded: %v", err)
	}
	fs := shop.Fulfillments(1001)
	if len(fs) != 1 || fs[0].TrackingNumber != "3SABCD0123456789" ||
		fs[0].TrackingCompany != "PostNL" {
		t.Fatalf("fulfilments %+v, want exactly one with the parcel's tracking", fs)
	}
	if attempts != 3 || !c.Duplicate || c.Reference != itoa(fs[0].ID) {
		t.Errorf("attempt %d confirmed %+v, want the third to find fulfilment %d",
			attempts, c, fs[0].ID)
	}
	if n := shop.Requests("POST", "/fulfillments.json"); n != 2 {
		t.Errorf("%d posts, want 2", n)
	}
}

func TestShipInParts(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	ctx := context.Background()

	first := parcel()
	first.Lines = first.Lines[:1]
	first.Lines[0].Quantity = 1
	if _, err := a.Ship(ctx, first); err != nil {
		t.Fatal(err)
	}
	second := parcel()
	second.Key, second.TrackingNumber = "ship-2", "3SABCD0000000002"
	second.Lines[0].Quantity = 1
	if _, err := a.Ship(ctx, second); err != nil {
		t.Fatal(err)
	}
	if fs := shop.Fulfillments(1001); len(fs) != 2 {
		t.Fatalf("%d fulfilments, want 2", len(fs))
	}
	third := parcel()
	third.Key, third.TrackingNumber = "ship-3", "3SABCD0000000003"
	_, err := a.Ship(ctx, third)
	var p *channel.PermanentError
	if !errors.As(err, &p) || !strings.Contains(p.Detail, "left to fulfil") {
		t.Fatalf("shipping more than is left: got %v, want a permanent error", err)
	}
}

func TestShipRefuses(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	tests := []struct {
		name   string
		change func(*channel.Shipment)
	}{
		{"no tracking number", func(s *channel.Shipment) { s.TrackingNumber = "" }},
		{"no lines", func(s *channel.Shipment) { s.Lines = nil }},
		{"line id not Shopify's", func(s *channel.Shipment) { s.Lines[0].LineID = "MUG-01" }},
		{"line not in the order", func(s *channel.Shipment) { s.Lines[0].LineID = "77" }},
		{"zero quantity", func(s *channel.Shipment) { s.Lines[0].Quantity = 0 }},
		{"too many", func(s *channel.Shipment) { s.Lines[0].Quantity = 3 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := parcel()
			tt.change(&s)
			if _, err := a.Ship(context.Background(), s); !channel.IsPermanent(err) {
				t.Fatalf("got %v, want a permanent error", err)
			}
		})
	}
	if n := shop.Requests("POST", "/fulfillments.json"); n != 0 {
		t.Errorf("%d posts for refused shipments", n)
	}
}

func TestPlanShipmentSendsNothing(t *testing.T) {
	shop, a := newShop(t, shopifytest.Options{})
	mustAdd(t, shop, mugAndBook(1001))
	reqs, err := a.PlanShipment(parcel())
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 3 || reqs[0].Method != "GET" || reqs[1].Method != "GET" ||
		reqs[2].Method != "POST" || !strings.HasSuffix(reqs[2].URL, "/admin/api/"+APIVersion+"/fulfillments.json") {
		t.Fatalf("requests %+v", reqs)
	}
	var body struct {
		Fulfillment struct {
			LineItems []struct {
				Items []struct {
					LineItemID int64 `json:"line_item_id"`
					Quantity   int64 `json:"quantity"`
				} `json:"fulfillment_order_line_items"`
			} `json:"line_items_by_fulfillment_order"`
			Tracking struct{ Number, Company string } `json:"tracking_info"`
			Notify   bool                             `json:"notify_customer"`
		} `json:"fulfillment"`
	}
	if err := json.Unmarshal(reqs[2].Body, &body); err != nil {
		t.Fatal(err)
	}
	f := body.Fulfillment
	if len(f.LineItems) != 1 || len(f.LineItems[0].Items) != 2 ||
		f.LineItems[0].Items[0].LineItemID != 1001001 || f.LineItems[0].Items[0].Quantity != 2 ||
		f.Tracking.Number != "3SABCD0123456789" || f.Tracking.Company != "PostNL" || !f.Notify {
		t.Errorf("planned body %s", reqs[2].Body)
	}
	for _, ep := range []string{"/orders/{id}/fulfillments.json", "/orders/{id}/fulfillment_orders.json"} {
		if n := shop.Requests("GET", ep); n != 0 {
			t.Errorf("PlanShipment sent GET %s", ep)
		}
	}
}

func TestTrackingCompany(t *testing.T) {
	tests := map[string]string{
		"postnl": "PostNL", "dhl": "DHL Express", "dpd": "DPD", "ups": "UPS",
		"gls": "GLS", "bpost": "BPost", "fedex": "FedEx", "usps": "USPS", "PostNL": "PostNL",
		"any": "", "": "", "Bring Parcels": "Bring Parcels",
	}
	for carrier, want := range tests {
		if got := trackingCompany(carrier); got != want {
			t.Errorf("carrier %q: got %q, want %q", carrier, got, want)
		}
	}
}
