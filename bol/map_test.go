package bol

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
)

func TestMapOrderFixture(t *testing.T) {
	rep, err := Map("bol-test", readFixture(t, "order_1042823870_123lens.json"))
	if err != nil {
		t.Fatal(err)
	}
	cest := time.FixedZone("", 2*3600)
	placed := time.Date(2019, 4, 30, 16, 47, 32, 0, cest)
	want := order.Order{
		ChannelID: "bol-test", OrderID: "1042823870", Name: "1042823870",
		PlacedAt: placed, UpdatedAt: placed, Currency: "EUR", TaxesIncluded: true,
		Lines: []order.Line{
			{LineID: "6107771545", SKU: "MijnOffer0021", Variant: "8785056370398",
				Title: "Star Wars Prequel Trilogy", Quantity: 1, UnitPrice: 1999},
			{LineID: "6107771546", SKU: "MijnOffer1121", Variant: "8717418510749",
				Title: "Star Wars - The happy family 2", Quantity: 1, UnitPrice: 3298},
		},
		Delivery: order.Delivery{Country: "NL", Method: order.MethodStandard,
			Carrier: order.CarrierAny, Priority: order.PriorityNormal},
		Payment: order.PaymentPaid,
		Totals:  order.Totals{Total: 5297},
		Tags:    []string{"FBB"},
		Customer: order.Customer{
			Email:     "27zoytzc3crf2r6bctxfa3m2mrjbci@verkopen.test2.bol.com",
			FirstName: "Hans", LastName: "de Grote",
			Shipping: order.Address{Name: "Hans de Grote", Line1: "Skywalkerstraat 199",
				Postcode: "1234AB", City: "PLATOONDORP", Country: "NL"},
			Billing: order.Address{Name: "Pieter Post", Company: "Pieter Post",
				Line1: "Skywalkerstraat 21 X", Line2: "Extra informatie", Postcode: "1234AB",
				City: "PLATOONDORP", Country: "NL"},
		},
	}
	if diff := cmp.Diff(channel.Report{Order: want}, rep); diff != "" {
		t.Errorf("Map (-want +got):\n%s", diff)
	}
}

// TestMapFixtures maps every order among the shared bol.com fixtures and
// checks that its totals reconcile; the other files are not orders and are
// read by the tests of the functions that use them.
func TestMapFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(fixtureDir(t), "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	mapped := 0
	for _, path := range files {
		name := filepath.Base(path)
		if !strings.HasPrefix(name, "order_") {
			why, ok := notOrder[strings.TrimSuffix(name, ".json")]
			if !ok {
				t.Errorf("%s is neither an order nor explained in notOrder", name)
			}
			t.Logf("not mapped: %s: %s", name, why)
			continue
		}
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			rep, err := Map("bol-fixture", ordertest.ReadFile(t, path))
			if err != nil {
				t.Fatalf("Map: %v", err)
			}
			o := rep.Order
			t.Logf("%s: %d lines, total %s %s, discount %s, updated %s", name, len(o.Lines),
				order.FormatAmount(o.Totals.Total, o.Currency), o.Currency,
				order.FormatAmount(o.Totals.Discount, o.Currency), o.UpdatedAt)
			if d := ordertest.Reconcile(o); d != 0 {
				t.Errorf("totals are off by %d cents", d)
			}
			if rs := order.Validate(&o); len(rs) != 0 {
				t.Errorf("a fixture order is held: %v", rs)
			}
		})
		mapped++
	}
	if mapped == 0 {
		t.Errorf("no order among %d fixture files", len(files))
	}
}

// notOrder says, for each fixture that is not an order, what it is and
// where it is read instead.
var notOrder = map[string]string{
	"orders_list_fbr_123lens":               "order list (ReducedOrders); read by TestParseFixtures",
	"orders_list_reduced_picqer":            "order list (ReducedOrders); read by TestParseFixtures",
	"process_status_ship_order_item":        "process status; read by TestParseFixtures",
	"subscription_send_test_process_status": "process status; read by TestParseFixtures",
	"subscription_signature_keys":           "push signature keys; read by TestParseFixtures",
	"push_notification_process_status_docs": "push message; read by TestParseFixtures",
	"shipments_list":                        "shipment list; read by TestParseFixtures",
	"shipment_914587795":                    "a shipment, which Ordo does not read",
	"subscriptions_list":                    "subscriptions, which Ordo does not manage",
	"return_15892026":                       "a return, which Ordo does not read from bol.com",
	"return_15896813_multiple_items":        "a return, which Ordo does not read from bol.com",
	"returns_list_handled":                  "returns, which Ordo does not read from bol.com",
	"returns_list_unhandled":                "returns, which Ordo does not read from bol.com",
}

func TestMapBothFixtureVersionsAgree(t *testing.T) {
	old, err := Map("c", readFixture(t, "order_1042823870_picqer.json"))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := Map("c", readFixture(t, "order_1042823870_123lens.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cur, old); diff != "" {
		t.Errorf("the pre-v10 payload maps differently (-v10 +older):\n%s", diff)
	}
}

func TestMapPricesAndDiscounts(t *testing.T) {
	tests := []struct {
		name  string
		item  string
		line  order.Line
		total int64
	}{
		{"totalPrice gives the discount",
			`"quantity": 2, "unitPrice": 22.98, "totalPrice": 35.97,
			 "discounts": [{"title": "x", "amount": 9.99}]`,
			order.Line{Quantity: 2, UnitPrice: 2298, Discount: 999}, 3597},
		{"discounts without totalPrice",
			`"quantity": 1, "unitPrice": 10, "discounts": [{"title": "a", "amount": 1.5},
			 {"title": "b", "amount": 0.25}]`,
			order.Line{Quantity: 1, UnitPrice: 1000, Discount: 175}, 825},
		{"no discount", `"quantity": 3, "unitPrice": 34.99, "totalPrice": 104.97`,
			order.Line{Quantity: 3, UnitPrice: 3499}, 10497},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"orderId": "1", "orderItems": [{"orderItemId": "11", ` + tt.item + `}]}`
			rep, err := Map("c", []byte(body))
			if err != nil {
				t.Fatal(err)
			}
			l := rep.Order.Lines[0]
			got := order.Line{Quantity: l.Quantity, UnitPrice: l.UnitPrice, Discount: l.Discount}
			if diff := cmp.Diff(tt.line, got); diff != "" {
				t.Errorf("line (-want +got):\n%s", diff)
			}
			if rep.Order.Totals.Total != tt.total || ordertest.Reconcile(rep.Order) != 0 {
				t.Errorf("totals %+v, want total %d and reconciled", rep.Order.Totals, tt.total)
			}
		})
	}
}

func TestMapCancellation(t *testing.T) {
	item := func(id string, request bool, qty, cancelled int) string {
		return `{"orderItemId": "` + id + `", "cancellationRequest": ` +
			map[bool]string{true: "true", false: "false"}[request] +
			`, "quantity": ` + strconv.Itoa(qty) + `, "quantityCancelled": ` + strconv.Itoa(cancelled) +
			`, "unitPrice": 5, "latestChangedDateTime": "2024-05-01T10:00:00+02:00"}`
	}
	tests := []struct {
		name   string
		items  []string
		reason string
	}{
		{"every item requested", []string{item("1", true, 1, 0), item("2", true, 2, 0)},
			cancelledByCustomer},
		{"one of two requested", []string{item("1", true, 1, 0), item("2", false, 2, 0)}, ""},
		{"every item cancelled", []string{item("1", false, 1, 1), item("2", false, 2, 2)},
			"cancelled at bol.com"},
		{"partly cancelled", []string{item("1", false, 2, 1)}, ""},
		{"nothing", []string{item("1", false, 1, 0)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"orderId": "9", "orderItems": [` + strings.Join(tt.items, ",") + `]}`
			rep, err := Map("c", []byte(body))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.reason == "" && rep.Cancelled != nil:
				t.Errorf("cancelled for %q, want not cancelled", rep.Cancelled.Reason)
			case tt.reason != "" && (rep.Cancelled == nil || rep.Cancelled.Reason != tt.reason):
				t.Errorf("Cancelled = %+v, want reason %q", rep.Cancelled, tt.reason)
			case rep.Cancelled != nil && !rep.Cancelled.At.Equal(rep.Order.UpdatedAt):
				t.Errorf("cancelled at %v, want the order's update time %v",
					rep.Cancelled.At, rep.Order.UpdatedAt)
			}
		})
	}
}

func TestMapDeliveryAndPickupPoint(t *testing.T) {
	body := `{"orderId": "5", "pickupPoint": true, "orderPlacedDateTime": "2024-05-01T10:00:00+02:00",
		"shipmentDetails": {"pickupPointName": "Albert Heijn: UTRECHT", "firstName": "Anakin",
			"surname": "Skywalker", "streetName": "Tatooinestraat", "houseNumber": "100",
			"zipCode": "3528BJ", "city": "Utrecht", "countryCode": "nl",
			"deliveryPhoneNumber": "0612345678"},
		"orderItems": [{"orderItemId": "51", "quantity": 1, "unitPrice": 1,
			"fulfilment": {"method": "FBR", "timeFrameType": "SAMEDAY"},
			"latestChangedDateTime": "2024-05-02T08:00:00+02:00"}]}`
	rep, err := Map("c", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Order
	if o.Delivery.Method != order.MethodPickupPoint || o.Delivery.Country != "NL" {
		t.Errorf("delivery = %+v, want a pick-up point in NL", o.Delivery)
	}
	if o.Customer.Shipping.Company != "Albert Heijn: UTRECHT" || o.Customer.Phone != "0612345678" {
		t.Errorf("customer = %+v, want the pick-up point name and the phone", o.Customer)
	}
	if want := time.Date(2024, 5, 2, 6, 0, 0, 0, time.UTC); !o.UpdatedAt.Equal(want) {
		t.Errorf("UpdatedAt = %v, want the item's change %v", o.UpdatedAt, want)
	}
}

func TestMapMalformed(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"empty", "", "not a JSON object"},
		{"array", `[{"orderId": "1"}]`, "not a JSON object"},
		{"truncated", `{"orderId": "1", "orderItems": [`, "unexpected end"},
		{"no id", `{"orderItems": []}`, "no orderId"},
		{"id of wrong type", `{"orderId": 12}`, "cannot unmarshal"},
		{"three decimals", `{"orderId": "1", "orderItems": [{"unitPrice": 1.999}]}`,
			"orderItems[0].unitPrice"},
		{"fractional quantity", `{"orderId": "1", "orderItems": [{"quantity": 1.5}]}`,
			"orderItems[0].quantity"},
		{"bad time", `{"orderId": "1", "orderPlacedDateTime": "30-04-2019"}`,
			"orderPlacedDateTime"},
		{"bad change time", `{"orderId": "1", "orderItems": [{"latestChangedDateTime": "x"}]}`,
			"latestChangedDateTime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Map("c", []byte(tt.body))
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("Map = %v, want ErrMalformed", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}
