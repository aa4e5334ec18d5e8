package square_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/square"
	"github.com/ordo-oms/ordo/square/squaretest"
)

func TestParseWebhookTestNotification(t *testing.T) {
	body := ordertest.ReadFile(t, filepath.Join(fixtureDir(t), "square_webhook_test_notification.json"))
	e, err := square.ParseWebhook(body)
	if err != nil {
		t.Fatalf("ParseWebhook: %v", err)
	}
	if !e.IsTest() || e.OrderID != "" {
		t.Errorf("event = %+v, want a test notification naming no order", e)
	}
	if e.ID != "ac3ac95b-f97d-458c-a6e6-18981597e05f" || e.MerchantID != "MLEFBHHSJGVHD" {
		t.Errorf("event id, merchant = %q, %q", e.ID, e.MerchantID)
	}
	if want := time.Date(2022, 7, 13, 20, 30, 59, 37339943, time.UTC); !e.CreatedAt.Equal(want) {
		t.Errorf("CreatedAt = %v, want %v", e.CreatedAt, want)
	}
}

func TestParseWebhookFromFake(t *testing.T) {
	srv := squaretest.New("token")
	defer srv.Close()
	at := time.Date(2026, 3, 2, 14, 5, 11, 0, time.UTC)
	srv.AddOrder(squaretest.NewOrder("ORD1", []squaretest.Item{{SKU: "SKU1", Quantity: 1, UnitPrice: 1000}}, at))
	if err := srv.Touch("ORD1", at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"order.created", "order.updated", "payment.updated"} {
		t.Run(typ, func(t *testing.T) {
			body, h, err := srv.Webhook("ORD1", typ, "https://ordo.example/webhooks/square",
				[]byte("key"))
			if err != nil {
				t.Fatal(err)
			}
			if err := square.Verify([]byte("key"), "https://ordo.example/webhooks/square", body,
				h.Get(square.HeaderSignature)); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			e, err := square.ParseWebhook(body)
			if err != nil {
				t.Fatalf("ParseWebhook: %v", err)
			}
			if e.Type != typ || e.OrderID != "ORD1" || e.LocationID != squaretest.LocationID ||
				e.IsTest() || e.ID == "" {
				t.Errorf("event = %+v", e)
			}
			// A payment event carries no order version.
			wantVersion := map[string]int64{"order.created": 2, "order.updated": 2}[typ]
			if e.Version != wantVersion {
				t.Errorf("Version = %d, want %d", e.Version, wantVersion)
			}
		})
	}
}

func TestParseWebhookRefuses(t *testing.T) {
	tests := map[string]string{
		"not an object": `[]`,
		"no event id":   `{"type":"order.updated","data":{}}`,
		"unknown type": `{"type":"customer.created","event_id":"e1",` +
			`"created_at":"2026-01-01T00:00:00Z","data":{}}`,
		"no object": `{"type":"order.updated","event_id":"e1",` +
			`"created_at":"2026-01-01T00:00:00Z","data":{"type":"order_updated","id":"O1"}}`,
		"payment without order": `{"type":"payment.updated","event_id":"e1",` +
			`"created_at":"2026-01-01T00:00:00Z","data":{"object":{"payment":{"id":"P1"}}}}`,
		"bad time": `{"type":"order.updated","event_id":"e1","created_at":"yesterday"}`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := square.ParseWebhook([]byte(body)); !errors.Is(err, square.ErrMalformed) {
				t.Errorf("ParseWebhook = %v, want ErrMalformed", err)
			}
		})
	}
}
