package square_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/square"
	"github.com/ordo-oms/ordo/square/squaretest"
)

// TestMapFixtures maps or rejects every shared Square fixture.
func TestMapFixtures(t *testing.T) {
	dir := fixtureDir(t)
	t.Run("square_retrieve_order_wiremock.json", func(t *testing.T) {
		m, err := square.Map("square-test", ordertest.ReadFile(t, filepath.Join(dir,
			"square_retrieve_order_wiremock.json")))
		if err != nil {
			t.Fatalf("Map: %v", err)
		}
		o := m.Report.Order
		// Square's generated example: two lines, a 50 % order discount
		// spread over them, an empty tax (no type, no amount), an empty
		// fulfilment and a card tender.
		want := order.Order{
			ChannelID: "square-test", OrderID: "CAISENgvlJ6jLWAzERDzjyHVybY",
			Name:      "reference_id",
			PlacedAt:  time.Date(2020, 5, 18, 16, 30, 49, 614000000, time.UTC),
			UpdatedAt: time.Date(2020, 5, 18, 16, 30, 49, 614000000, time.UTC),
			Currency:  "USD",
			Lines: []order.Line{
				{LineID: "ULkg0tQTRK2bkU9fNv3IJD", Title: "Item 1", Quantity: 1,
					UnitPrice: 500, Discount: 250},
				{LineID: "mumY8Nun4BC5aKe2yyx5a", Title: "Item 2", Quantity: 2,
					UnitPrice: 300, Discount: 300},
			},
			Delivery: order.Delivery{Method: order.MethodClickAndCollect,
				Carrier: order.CarrierAny, Priority: order.PriorityNormal},
			Payment: order.PaymentPaid,
			Totals:  order.Totals{Discount: 550, Total: 550},
		}
		if diff := cmp.Diff(want, o); diff != "" {
			t.Errorf("Map (-want +got):\n%s", diff)
		}
		if d := ordertest.Reconcile(o); d != 0 {
			t.Errorf("totals are off by %d", d)
		}
		if !m.CarriedOut || m.LocationID != "D7AVYMEAPJ3A3" || m.Version != 1 ||
			m.Report.Cancelled != nil {
			t.Errorf("CarriedOut, LocationID, Version, Cancelled = %v, %q, %d, %v",
				m.CarriedOut, m.LocationID, m.Version, m.Report.Cancelled)
		}
	})
	for _, name := range []string{"square_webhook_test_notification.json",
		"square_signature_test_vector.json"} {
		t.Run(name, func(t *testing.T) {
			t.Logf("%s is no order: it is read by TestParseWebhookTestNotification "+
				"and TestVerify, and Map refuses it", name)
			if _, err := square.Map("square-test", ordertest.ReadFile(t, filepath.Join(dir, name))); !errors.Is(err, square.ErrMalformed) {
				t.Errorf("Map = %v, want ErrMalformed", err)
			}
		})
	}
}

// body wraps o as Retrieve Order answers it.
func body(t *testing.T, o squaretest.Order) []byte {
	t.Helper()
	data, err := json.Marshal(map[string]any{"order": o})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestMapShipment(t *testing.T) {
	at := time.Date(2026, 3, 2, 14, 5, 11, 0, time.UTC)
	so := squaretest.NewOrder("ORD1", []squaretest.Item{
		{SKU: "VAR-SHIRT-M", Quantity: 2, UnitPrice: 2995},
		{SKU: "VAR-MUG", Quantity: 1, UnitPrice: 1250}}, at)
	so.Fulfillments[0].ShipmentDetails.Carrier = "UPS"
	so.Fulfillments[0].ShipmentDetails.ShippingType = "UPS Next Day Air"
	m, err := square.Map("sq", body(t, so))
	if err != nil {
		t.Fatal(err)
	}
	o := m.Report.Order
	addr := order.Address{Name: "Dana Whitfield", Line1: "250 Joralemon St",
		Postcode: "11201", City: "Brooklyn", Region: "NY", Country: "US"}
	wantCustomer := order.Customer{Email: "dana.whitfield@example.com", Phone: "+17185550123",
		FirstName: "Dana", LastName: "Whitfield", Shipping: addr}
	if diff := cmp.Diff(wantCustomer, o.Customer); diff != "" {
		t.Errorf("Customer (-want +got):\n%s", diff)
	}
	wantDelivery := order.Delivery{Country: "US", Method: order.MethodNextDay,
		Carrier: order.CarrierUPS, Priority: order.PriorityNormal}
	if diff := cmp.Diff(wantDelivery, o.Delivery); diff != "" {
		t.Errorf("Delivery (-want +got):\n%s", diff)
	}
	if o.Lines[0].SKU != "VAR-SHIRT-M" || o.Lines[0].LineID != "ORD1-line-1" ||
		o.Lines[0].UnitPrice != 2995 || o.Lines[0].Quantity != 2 {
		t.Errorf("line 0 = %+v", o.Lines[0])
	}
	if o.TaxesIncluded || o.Totals.Tax != 532+111 || o.Payment != order.PaymentPaid {
		t.Errorf("TaxesIncluded, Tax, Payment = %v, %d, %s", o.TaxesIncluded, o.Totals.Tax,
			o.Payment)
	}
	if d := ordertest.Reconcile(o); d != 0 {
		t.Errorf("totals are off by %d", d)
	}
	if m.CarriedOut {
		t.Error("a shipment is reported carried out")
	}
	if problems := order.Validate(&o); len(problems) > 0 {
		t.Errorf("Validate: %v", problems)
	}
}

func TestMapVariants(t *testing.T) {
	at := time.Date(2026, 3, 2, 14, 5, 11, 0, time.UTC)
	base := func() squaretest.Order {
		return squaretest.NewOrder("ORD2", []squaretest.Item{
			{SKU: "VAR-A", Quantity: 3, UnitPrice: 1000}}, at)
	}
	t.Run("pickup is click and collect", func(t *testing.T) {
		so := base()
		so.Fulfillments[0] = squaretest.Fulfillment{UID: "f1", Type: "PICKUP",
			State: "PROPOSED", PickupDetails: &squaretest.PickupDetails{
				Recipient: &squaretest.Recipient{DisplayName: "Ana", EmailAddress: "a@example.com"}}}
		m := mustMap(t, so)
		if m.Report.Order.Delivery.Method != order.MethodClickAndCollect || m.CarriedOut {
			t.Errorf("Method, CarriedOut = %s, %v", m.Report.Order.Delivery.Method, m.CarriedOut)
		}
		if c := m.Report.Order.Customer; c.LastName != "Ana" || c.Email != "a@example.com" {
			t.Errorf("Customer = %+v", c)
		}
	})
	t.Run("no fulfilment is carried out", func(t *testing.T) {
		so := base()
		so.Fulfillments = nil
		m := mustMap(t, so)
		if !m.CarriedOut || m.Report.Order.Delivery.Method != order.MethodClickAndCollect {
			t.Errorf("CarriedOut, Method = %v, %s", m.CarriedOut, m.Report.Order.Delivery.Method)
		}
	})
	t.Run("inclusive tax", func(t *testing.T) {
		so := base()
		so.Taxes[0].Type = "INCLUSIVE"
		so.LineItems[0].TotalMoney.Amount = 3000
		so.TotalMoney.Amount, so.Tenders[0].AmountMoney.Amount = 3000, 3000
		m := mustMap(t, so)
		if o := m.Report.Order; !o.TaxesIncluded || ordertest.Reconcile(o) != 0 {
			t.Errorf("TaxesIncluded = %v, off by %d", o.TaxesIncluded, ordertest.Reconcile(o))
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		so := base()
		so.State, so.ClosedAt = "CANCELED", squaretest.Timestamp(at.Add(time.Hour))
		m := mustMap(t, so)
		if c := m.Report.Cancelled; c == nil || !c.At.Equal(at.Add(time.Hour)) {
			t.Errorf("Cancelled = %+v", c)
		}
	})
	t.Run("authorised card", func(t *testing.T) {
		so := base()
		so.Tenders[0].CardDetails.Status = "AUTHORIZED"
		if p := mustMap(t, so).Report.Order.Payment; p != order.PaymentAuthorized {
			t.Errorf("Payment = %s", p)
		}
	})
	t.Run("unpaid", func(t *testing.T) {
		so := base()
		so.Tenders = nil
		if p := mustMap(t, so).Report.Order.Payment; p != order.PaymentPending {
			t.Errorf("Payment = %s", p)
		}
	})
	t.Run("decimal quantity with zero fraction", func(t *testing.T) {
		so := base()
		so.LineItems[0].Quantity = "3.000"
		if q := mustMap(t, so).Report.Order.Lines[0].Quantity; q != 3 {
			t.Errorf("Quantity = %d", q)
		}
	})
}

func mustMap(t *testing.T, so squaretest.Order) square.Mapped {
	t.Helper()
	m, err := square.Map("sq", body(t, so))
	if err != nil {
		t.Fatalf("Map: %v", err)
	}
	return m
}

func TestMapRefuses(t *testing.T) {
	at := time.Date(2026, 3, 2, 14, 5, 11, 0, time.UTC)
	so := squaretest.NewOrder("ORD3", []squaretest.Item{
		{SKU: "VAR-A", Quantity: 1, UnitPrice: 1000}}, at)
	fractional := so
	fractional.LineItems = append([]squaretest.LineItem(nil), so.LineItems...)
	fractional.LineItems[0].Quantity = "1.5"
	mixed := so
	mixed.Taxes = []squaretest.Tax{{UID: "a", Type: "ADDITIVE"}, {UID: "b", Type: "INCLUSIVE"}}
	noID := so
	noID.ID = ""
	badTime := so
	badTime.UpdatedAt = "yesterday"
	tests := map[string][]byte{
		"not JSON":            []byte("<html>"),
		"no order":            []byte(`{"errors":[]}`),
		"wrong type":          []byte(`{"order":{"id":"X","version":"one"}}`),
		"no id":               body(t, noID),
		"fractional quantity": body(t, fractional),
		"mixed taxes":         body(t, mixed),
		"bad updated_at":      body(t, badTime),
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := square.Map("sq", b)
			if !errors.Is(err, square.ErrMalformed) {
				t.Errorf("Map = %v, want ErrMalformed", err)
			}
			t.Log(err)
		})
	}
}
