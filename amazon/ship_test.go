package amazon

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/amazon/amazontest"
	"github.com/ordo-oms/ordo/channel"
)

// shipment returns a shipment of the first item of the order in the fake.
func shipment(t *testing.T, f *amazontest.Server, orderID, key string, qty int64) channel.Shipment {
	t.Helper()
	o, ok := f.Order(orderID)
	if !ok {
		t.Fatalf("no order %s", orderID)
	}
	return channel.Shipment{Key: key, OrderID: orderID, Carrier: "dhl",
		TrackingNumber: "JVGL0123456789", ShippedAt: testNow.Add(-time.Hour),
		Lines: []channel.Line{{LineID: o.Items[0].OrderItemID, Quantity: qty}}}
}

func TestPackageReferenceID(t *testing.T) {
	seen := map[string]bool{}
	for i := range 1000 {
		ref := PackageReferenceID("shipment-" + strconv.Itoa(i))
		n, err := strconv.ParseInt(ref, 10, 32)
		if err != nil || n <= 0 {
			t.Fatalf("%q is not a positive 32-bit integer", ref)
		}
		seen[ref] = true
	}
	if len(seen) != 1000 {
		t.Errorf("%d distinct references for 1000 keys", len(seen))
	}
	if PackageReferenceID("k") != PackageReferenceID("k") {
		t.Error("the reference of a key changes")
	}
}

func TestPlanShipment(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	c := newClient(t, f, 0)
	s := channel.Shipment{Key: "shp-1", OrderID: "403-1-1", Carrier: "postnl",
		TrackingNumber: "3SABCD123456789", ShippedAt: testNow,
		Lines: []channel.Line{{LineID: "11", Quantity: 2}, {LineID: "12", Quantity: 1}}}
	reqs, err := c.PlanShipment(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 1 || reqs[0].Method != "POST" ||
		reqs[0].URL != f.URL+"/orders/v0/orders/403-1-1/shipmentConfirmation" {
		t.Fatalf("requests = %+v", reqs)
	}
	var body map[string]any
	if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	want := `{"marketplaceId":"A1805IZSGTT6HS","packageDetail":{"carrierCode":"Other",` +
		`"carrierName":"PostNL","orderItems":[{"orderItemId":"11","quantity":2},` +
		`{"orderItemId":"12","quantity":1}],"packageReferenceId":"` +
		PackageReferenceID("shp-1") + `","shipDate":"2026-03-02T12:00:00Z",` +
		`"trackingNumber":"3SABCD123456789"}}`
	if got, _ := json.Marshal(body); string(got) != want {
		t.Errorf("body\n%s\nwant\n%s", got, want)
	}

	bad := s
	bad.TrackingNumber = ""
	if _, err := c.PlanShipment(bad); !channel.IsPermanent(err) {
		t.Errorf("no tracking number: %v, want a PermanentError", err)
	}
}

func TestCarrierCodes(t *testing.T) {
	tests := []struct{ carrier, code, name string }{
		{"postnl", "Other", "PostNL"}, {"dhl", "DHL", ""}, {"dpd", "DPD", ""},
		{"ups", "UPS", ""}, {"gls", "GLS", ""}, {"FedEx", "FedEx", ""},
		{"usps", "USPS", ""}, {"bpost", "Other", "bpost"},
		{"Colissimo", "Other", "Colissimo"},
	}
	for _, tt := range tests {
		code, name := amazonCarrier(tt.carrier)
		if code != tt.code || name != tt.name {
			t.Errorf("%s: %q, %q; want %q, %q", tt.carrier, code, name, tt.code, tt.name)
		}
	}
}

func TestShip(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	ids := addOrders(f, 1, testNow.Add(-time.Hour))
	c := newClient(t, f, 0)
	s := shipment(t, f, ids[0], "shp-1", 2)
	conf, err := c.Ship(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if conf.Duplicate || conf.Reference != PackageReferenceID("shp-1") {
		t.Errorf("confirmation = %+v", conf)
	}
	got := f.Shipments(ids[0])
	if len(got) != 1 || got[0].CarrierCode != "DHL" || got[0].TrackingNumber != "JVGL0123456789" {
		t.Fatalf("shipments = %+v", got)
	}
	o, _ := f.Order(ids[0])
	if o.OrderStatus != "PartiallyShipped" || o.Items[0].QuantityShipped != 2 {
		t.Errorf("order after one of two items: %s, shipped %d", o.OrderStatus,
			o.Items[0].QuantityShipped)
	}
}

func TestShipRefusals(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	ids := addOrders(f, 1, testNow.Add(-time.Hour))
	c := newClient(t, f, 0)
	ctx := context.Background()

	s := shipment(t, f, ids[0], "too-many", 3)
	_, err := c.Ship(ctx, s)
	var perm *channel.PermanentError
	if !errors.As(err, &perm) || perm.Status != 400 || !strings.Contains(perm.Detail, "exceeds") {
		t.Errorf("shipping 3 of 2: %v, want Amazon's 400", err)
	}
	s = shipment(t, f, ids[0], "unknown-item", 1)
	s.Lines[0].LineID = "00000000000000"
	if _, err := c.Ship(ctx, s); !channel.IsPermanent(err) ||
		!strings.Contains(err.Error(), "OrderItemId") {
		t.Errorf("unknown item: %v", err)
	}

	afn := amazontest.NewOrder("403-7777777-7777777", []amazontest.Line{
		{SKU: "MUG-RED", Quantity: 1, UnitPrice: 1299}}, testNow.Add(-time.Hour))
	afn.FulfillmentChannel = "AFN"
	f.AddOrder(afn)
	if _, err := c.Ship(ctx, shipment(t, f, afn.AmazonOrderID, "afn", 1)); !channel.IsPermanent(err) {
		t.Errorf("AFN order: %v, want a PermanentError", err)
	}
	if n := f.Requests(amazontest.OpConfirmShipment); n != 2 {
		t.Errorf("confirmShipment called %d times, want 2 (none for AFN)", n)
	}
}

// shipUntilDone calls Ship until it succeeds, as Ordo's job does.
func shipUntilDone(t *testing.T, c *Client, s channel.Shipment) (channel.Confirmation, int) {
	t.Helper()
	for attempt := 1; attempt <= 10; attempt++ {
		conf, err := c.Ship(context.Background(), s)
		if err == nil {
			return conf, attempt
		}
		if channel.IsPermanent(err) {
			t.Fatalf("attempt %d: %v", attempt, err)
		}
		t.Logf("attempt %d: %v", attempt, err)
	}
	t.Fatal("Ship did not succeed in 10 attempts")
	return channel.Confirmation{}, 0
}

// TestShipExactlyOnce loses confirmShipment twice, once before and once
// after Amazon applied it, and checks that Ship, called until it succeeds,
// confirmed the parcel once: for a whole line, by seeing it shipped
// before sending; for part of a line, by Amazon's refusal of the reused
// packageReferenceId.
func TestShipExactlyOnce(t *testing.T) {
	tests := []struct {
		name string
		qty  int64
	}{{"whole line", 2}, {"part of a line", 1}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, amazontest.Config{})
			ids := addOrders(f, 1, testNow.Add(-time.Hour))
			c := newClient(t, f, 200*time.Millisecond)
			if _, err := c.Fetch(context.Background(), ids[0]); err != nil {
				t.Fatal(err) // logs in before the short timeouts matter
			}
			f.Inject(amazontest.OpConfirmShipment, 1, amazontest.Fault{
				Kind: amazontest.TimeoutBefore})
			f.Inject(amazontest.OpConfirmShipment, 1, amazontest.Fault{
				Kind: amazontest.TimeoutAfter})
			s := shipment(t, f, ids[0], "shp-"+tt.name, tt.qty)
			s.Carrier = "ups"

			conf, attempts := shipUntilDone(t, c, s)
			if !conf.Duplicate || conf.Reference != PackageReferenceID(s.Key) || attempts != 3 {
				t.Errorf("after %d attempts: %+v, want a duplicate on the third", attempts, conf)
			}
			got := f.Shipments(ids[0])
			if len(got) != 1 || got[0].TrackingNumber != "JVGL0123456789" ||
				got[0].CarrierCode != "UPS" || got[0].Items[s.Lines[0].LineID] != tt.qty {
				t.Fatalf("Amazon recorded %+v, want one UPS shipment of %d", got, tt.qty)
			}
			if again, err := c.Ship(context.Background(), s); err != nil || !again.Duplicate {
				t.Errorf("Ship once more: %+v, %v; want a duplicate", again, err)
			}
			if n := len(f.Shipments(ids[0])); n != 1 {
				t.Errorf("%d shipments after shipping once more", n)
			}
		})
	}
}

func TestShipSecondParcelIsNotDuplicate(t *testing.T) {
	f := newFake(t, amazontest.Config{})
	ids := addOrders(f, 1, testNow.Add(-time.Hour))
	c := newClient(t, f, 0)
	for _, key := range []string{"parcel-1", "parcel-2"} {
		conf, err := c.Ship(context.Background(), shipment(t, f, ids[0], key, 1))
		if err != nil || conf.Duplicate {
			t.Fatalf("%s: %+v, %v", key, conf, err)
		}
	}
	if n := len(f.Shipments(ids[0])); n != 2 {
		t.Errorf("%d shipments, want 2 parcels", n)
	}
}
