package bol_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/bol"
	"github.com/ordo-oms/ordo/bol/boltest"
	"github.com/ordo-oms/ordo/channel"
)

func parcel(key string) channel.Shipment {
	return channel.Shipment{Key: key, OrderID: "5001",
		Lines:   []channel.Line{{LineID: "50011", Quantity: 2}, {LineID: "50012", Quantity: 1}},
		Carrier: "postnl", TrackingNumber: "3SBOL0987654321", ShippedAt: placed}
}

func addShipOrder(fake *boltest.Server) {
	fake.AddOrder(boltest.NewOrder("5001", placed,
		boltest.Line{SKU: "A", Quantity: 2, UnitPrice: 1000},
		boltest.Line{SKU: "B", Quantity: 1, UnitPrice: 500}))
}

// TestShipExactlyOnce sends a shipment through two timeouts, one before bol
// applies it and one after, and retries until it succeeds: bol.com must
// hold one shipment.
func TestShipExactlyOnce(t *testing.T) {
	c, fake, _ := setup(t, func(o *bol.Options) {
		o.HTTP = &http.Client{Timeout: 200 * time.Millisecond}
	})
	addShipOrder(fake)
	fake.Inject(boltest.RouteShip, 1, boltest.Fault{Kind: boltest.TimeoutBefore})
	fake.Inject(boltest.RouteShip, 1, boltest.Fault{Kind: boltest.TimeoutAfter})

	var conf channel.Confirmation
	var err error
	attempts := 0
	for attempts = 1; attempts <= 5; attempts++ {
		conf, err = c.Ship(context.Background(), parcel("ship-1"))
		if err == nil {
			break
		}
		if channel.IsPermanent(err) {
			t.Fatalf("attempt %d: permanent error %v", attempts, err)
		}
		t.Logf("attempt %d: %v", attempts, err)
	}
	if err != nil {
		t.Fatalf("Ship did not succeed in 5 attempts: %v", err)
	}
	got := fake.Shipments("5001")
	if len(got) != 1 {
		t.Fatalf("bol.com holds %d shipments, want 1: %+v", len(got), got)
	}
	sh := got[0]
	if sh.Reference != "ship-1" || sh.TrackAndTrace != "3SBOL0987654321" ||
		sh.TransporterCode != "TNT" {
		t.Errorf("shipment = %+v, want reference ship-1, TNT 3SBOL0987654321", sh)
	}
	if !conf.Duplicate || attempts != 3 {
		t.Errorf("confirmation %+v at attempt %d, want the second attempt's shipment found "+
			"as a duplicate at the third", conf, attempts)
	}
	if n := fake.Requests(boltest.RouteShip); n != 2 {
		t.Errorf("%d posts, want 2: the one lost before and the one lost after", n)
	}
}

func TestShipWaitsForProcessStatus(t *testing.T) {
	c, fake, _ := setup(t, nil)
	addShipOrder(fake)
	conf, err := c.Ship(context.Background(), parcel("ship-2"))
	if err != nil {
		t.Fatal(err)
	}
	if conf.Duplicate || conf.Reference == "" || fake.Requests(boltest.RouteProcessStatus) < 2 {
		t.Errorf("confirmation %+v after %d status reads, want a new one after the PENDING read",
			conf, fake.Requests(boltest.RouteProcessStatus))
	}
	ps, err := c.ProcessStatus(context.Background(), conf.Reference)
	if err != nil || ps.Status != bol.StatusSuccess || ps.EventType != "CONFIRM_SHIPMENT" {
		t.Errorf("ProcessStatus = %+v, %v", ps, err)
	}

	again, err := c.Ship(context.Background(), parcel("ship-2"))
	if err != nil || !again.Duplicate || again.Reference != fake.Shipments("5001")[0].ID {
		t.Errorf("second Ship = %+v, %v; want a duplicate naming the shipment", again, err)
	}
	if n := len(fake.Shipments("5001")); n != 1 {
		t.Errorf("%d shipments, want 1", n)
	}

	// A parcel under another key for items bol.com reports handled is not
	// sent again either.
	other, err := c.Ship(context.Background(), parcel("ship-2-again"))
	if err != nil || !other.Duplicate || !strings.Contains(other.Detail, "handled already") {
		t.Errorf("Ship of handled items = %+v, %v; want a duplicate", other, err)
	}
	if n := fake.Requests(boltest.RouteShip); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
}

func TestShipStillPendingIsRetryable(t *testing.T) {
	c, fake, _ := setupFake(t, boltest.Options{PendingPolls: 100},
		func(o *bol.Options) { o.PollAttempts = 3 })
	addShipOrder(fake)
	_, err := c.Ship(context.Background(), parcel("ship-3"))
	if err == nil || channel.IsPermanent(err) || !strings.Contains(err.Error(), "PENDING") {
		t.Fatalf("Ship with a lasting PENDING = %v, want a retryable error", err)
	}
	conf, err := c.Ship(context.Background(), parcel("ship-3"))
	if err != nil || !conf.Duplicate {
		t.Errorf("retry = %+v, %v; want the pending shipment found", conf, err)
	}
}

func TestShipRejectsBadShipments(t *testing.T) {
	c, _, _ := setup(t, nil)
	for _, s := range []channel.Shipment{
		{OrderID: "1", Lines: []channel.Line{{LineID: "1", Quantity: 1}}},
		{Key: "k", Lines: []channel.Line{{LineID: "1", Quantity: 1}}},
		{Key: "k", OrderID: "1"},
		{Key: "k", OrderID: "1", Lines: []channel.Line{{LineID: "1", Quantity: 0}}},
	} {
		if _, err := c.Ship(context.Background(), s); !channel.IsPermanent(err) {
			t.Errorf("Ship(%+v) = %v, want a permanent error", s, err)
		}
	}
}

func TestPlanShipment(t *testing.T) {
	c, fake, _ := setup(t, nil)
	reqs, err := c.PlanShipment(parcel("ship-4"))
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 2 || reqs[0].Method != "GET" ||
		reqs[0].URL != fake.URL+"/retailer/shipments?order-id=5001&page=1" ||
		reqs[1].Method != "POST" || reqs[1].URL != fake.URL+"/retailer/shipments" {
		t.Fatalf("PlanShipment = %+v", reqs)
	}
	var body any
	if err := json.Unmarshal(reqs[1].Body, &body); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"orderItems": []any{
			map[string]any{"orderItemId": "50011", "quantity": 2.0},
			map[string]any{"orderItemId": "50012", "quantity": 1.0},
		},
		"shipmentReference": "ship-4",
		"transport": map[string]any{"transporterCode": "TNT",
			"trackAndTrace": "3SBOL0987654321"},
	}
	if diff := cmp.Diff(want, body); diff != "" {
		t.Errorf("body (-want +got):\n%s", diff)
	}
	if n := fake.Requests(boltest.RouteToken) + fake.Requests(boltest.RouteShip); n != 0 {
		t.Errorf("PlanShipment made %d requests", n)
	}
}

func TestTransporterCode(t *testing.T) {
	for carrier, want := range map[string]string{
		"postnl": "TNT", "dhl": "DHL", "dpd": "DPD-NL", "ups": "UPS", "gls": "GLS",
		"bpost": "BPOST_BE", "fedex": "FEDEX_NL", "PostNL": "TNT", "DPD-BE": "DPD-BE",
		"dhlforyou": "DHLFORYOU", "any": "OTHER", "Koerier Jan": "OTHER", "": "OTHER",
	} {
		if got := bol.TransporterCode(carrier); got != want {
			t.Errorf("TransporterCode(%q) = %q, want %q", carrier, got, want)
		}
	}
}

func TestReference(t *testing.T) {
	long := strings.Repeat("k", 91)
	if r := bol.Reference(long); len(r) > 90 || r != bol.Reference(long) || r == long {
		t.Errorf("Reference of a long key = %q", r)
	}
	if r := bol.Reference("short"); r != "short" {
		t.Errorf("Reference(short) = %q", r)
	}
}

func TestVerifyPushFromFake(t *testing.T) {
	c, fake, clk := setup(t, nil)
	ctx := context.Background()
	event := boltest.Event{Resource: "PROCESS_STATUS", Type: "SUCCESS", ResourceID: "42"}
	signed := func() (http.Header, []byte) {
		body := fake.PushBody(event)
		h := http.Header{}
		h.Set(fake.SignPush(body))
		return h, body
	}
	h, body := signed()
	push, err := c.VerifyPush(ctx, h, body)
	if err != nil || push.ResourceID != "42" || push.RetailerID != "1234567" {
		t.Fatalf("VerifyPush = %+v, %v", push, err)
	}
	if _, err := c.VerifyPush(ctx, h, append(body, ' ')); !errors.Is(err, bol.ErrSignature) {
		t.Errorf("VerifyPush of a changed body = %v, want ErrSignature", err)
	}
	if n := fake.Requests(boltest.RouteSignatureKeys); n != 1 {
		t.Errorf("%d key list reads, want 1: the keys are cached", n)
	}

	// A new key is picked up by reading the list again, though not more
	// than once a minute.
	fake.RotateKey()
	h, body = signed()
	if _, err := c.VerifyPush(ctx, h, body); !errors.Is(err, bol.ErrSignature) {
		t.Errorf("VerifyPush with a key newer than the cached list = %v, want ErrSignature "+
			"until a minute has passed", err)
	}
	clk.Add(time.Minute)
	if _, err := c.VerifyPush(ctx, h, body); err != nil {
		t.Errorf("VerifyPush with the rotated key = %v", err)
	}
	if n := fake.Requests(boltest.RouteSignatureKeys); n != 2 {
		t.Errorf("%d key list reads, want 2", n)
	}

	signedBody := []byte(`{"retailerId": 1}`)
	h = http.Header{}
	h.Set(fake.SignPush(signedBody))
	if _, err := c.VerifyPush(ctx, h, signedBody); !errors.Is(err, bol.ErrMalformed) {
		t.Errorf("VerifyPush of a signed non-push = %v, want ErrMalformed", err)
	}

	fake.Inject(boltest.RouteSignatureKeys, 1, boltest.Fault{Kind: boltest.ServerError})
	fake.RotateKey()
	clk.Add(time.Minute)
	h, body = signed()
	_, err = c.VerifyPush(ctx, h, body)
	if err == nil || errors.Is(err, bol.ErrSignature) {
		t.Errorf("VerifyPush while the key list fails = %v, want a plain error", err)
	}
}
