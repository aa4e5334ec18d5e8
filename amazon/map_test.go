package amazon

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
)

func TestMapSandboxOrderWithItems(t *testing.T) {
	dir := fixtureDir(t)
	rep, err := Map("amazon-us",
		ordertest.ReadFile(t, filepath.Join(dir, "ordersV0_getOrder_sandbox_TEST_CASE_200.json")),
		ordertest.ReadFile(t, filepath.Join(dir, "ordersV0_getOrderItems_sandbox_TEST_CASE_200.json")))
	if err != nil {
		t.Fatal(err)
	}
	want := order.Order{
		ChannelID: "amazon-us", OrderID: "902-1845936-5435065", Name: "902-1845936-5435065",
		PlacedAt:  time.Date(1970, 1, 19, 3, 58, 30, 0, time.UTC),
		UpdatedAt: time.Date(1970, 1, 19, 3, 58, 32, 0, time.UTC),
		Currency:  "USD",
		Lines: []order.Line{{LineID: "05015851154158", SKU: "NABetaASINB00551Q3CS",
			Variant: "B00551Q3CS", Title: "B00551Q3CS [Card Book]", Quantity: 1,
			UnitPrice: 1000, Tax: 101}},
		Delivery: order.Delivery{Method: order.MethodStandard, Carrier: order.CarrierAny,
			Priority: order.PriorityNormal},
		Payment:  order.PaymentPaid,
		Totals:   order.Totals{Tax: 101, Total: 1101},
		Tags:     []string{"amazon:buyer-requested-cancel", "amazon:marketplace:ATVPDKIKX0DER"},
		Customer: order.Customer{Withheld: withheldRestricted},
	}
	if diff := cmp.Diff(want, rep.Order); diff != "" {
		t.Errorf("Map (-want +got):\n%s", diff)
	}
	if d := ordertest.Reconcile(rep.Order); d != 0 {
		t.Errorf("totals are off by %d", d)
	}
	if rep.Cancelled != nil {
		t.Errorf("an Unshipped order is reported cancelled: %+v", rep.Cancelled)
	}
	if !codes(rep.Order)["address_withheld"] {
		t.Errorf("an order without its restricted address is not held for it: %v",
			codes(rep.Order))
	}
}

// TestMapFixtures accounts for every shared Amazon fixture: getOrder
// answers are mapped with the getOrderItems answer of the same order, or
// with none; the other files are read by the functions they belong to, or
// shown to be rejected, with the reason logged.
func TestMapFixtures(t *testing.T) {
	dir := fixtureDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	type check func(t *testing.T, body []byte)
	noLines := func(wantTags ...string) check {
		return func(t *testing.T, body []byte) {
			rep, err := Map("amazon-fixture", body, nil)
			if err != nil {
				t.Fatal(err)
			}
			o := rep.Order
			t.Logf("%s (%s) has no getOrderItems fixture: mapped without lines, "+
				"held for %v", o.OrderID, o.Payment, codes(o))
			if !codes(o)["no_lines"] {
				t.Errorf("an order without items is not held for no_lines")
			}
			for _, tag := range wantTags {
				if !strings.Contains(strings.Join(o.Tags, " "), tag) {
					t.Errorf("tags %v lack %s", o.Tags, tag)
				}
			}
		}
	}
	checks := map[string]check{
		"ordersV0_getOrder_sandbox_TEST_CASE_200.json": func(t *testing.T, body []byte) {
			items := ordertest.ReadFile(t, filepath.Join(dir,
				"ordersV0_getOrderItems_sandbox_TEST_CASE_200.json"))
			rep, err := Map("amazon-fixture", body, items)
			if err != nil {
				t.Fatal(err)
			}
			if d := ordertest.Reconcile(rep.Order); d != 0 || len(rep.Order.Lines) != 1 {
				t.Errorf("%d lines, totals off by %d", len(rep.Order.Lines), d)
			}
		},
		"ordersV0_getOrderItems_sandbox_TEST_CASE_200.json": func(t *testing.T, _ []byte) {
			t.Log("mapped with its order, ordersV0_getOrder_sandbox_TEST_CASE_200.json")
		},
		"ordersV0_getOrder_example.json":                   noLines("amazon:marketplace"),
		"ordersV0_getOrder_sandbox_TEST_CASE_IBA_200.json": noLines("amazon:afn", "amazon:business"),
		"ordersV0_getOrderItems_example.json": func(t *testing.T, body []byte) {
			stub := []byte(`{"payload": {"AmazonOrderId": "903-1671087-0812628",
				"PurchaseDate": "2013-09-05T00:06:07Z", "LastUpdateDate": "2013-09-07T01:30:00Z",
				"OrderStatus": "Shipped"}}`)
			_, err := Map("amazon-fixture", stub, body)
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "decimals") {
				t.Fatalf("Map = %v, want ErrMalformed for JPY amounts with decimals", err)
			}
			t.Logf("rejected: %v (Amazon's example prices yen with cents, and gift wrap "+
				"in GBP)", err)
		},
		"ordersV0_getOrders_example.json": func(t *testing.T, body []byte) {
			t.Log("a getOrders list: read by Changed in TestChangedReadsGetOrdersFixture")
		},
		"ordersV0_getOrderAddress_example.json": func(t *testing.T, body []byte) {
			t.Log("getOrderAddress is not called: getOrder carries the same ShippingAddress; " +
				"decoded in TestOrderAddressFixture")
		},
		"notification_ORDER_CHANGE.json": func(t *testing.T, body []byte) {
			t.Log("an ORDER_CHANGE notification: read by ParseNotification in " +
				"TestParseNotificationFixture")
		},
		"orders2026-01-01_getOrder_example.json": func(t *testing.T, body []byte) {
			_, err := Map("amazon-fixture", body, nil)
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("Map = %v, want ErrMalformed", err)
			}
			t.Logf("rejected: the Orders API 2026-01-01 (camelCase, no payload "+
				"wrapper) is not the v0 API this package speaks: %v", err)
		},
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			c, ok := checks[name]
			if !ok {
				t.Fatalf("fixture %s is not accounted for", name)
			}
			c(t, ordertest.ReadFile(t, path))
		})
	}
	if len(files) == 0 {
		t.Error("no fixture files")
	}
}

func TestOrderAddressFixture(t *testing.T) {
	body := ordertest.ReadFile(t, filepath.Join(fixtureDir(t), "ordersV0_getOrderAddress_example.json"))
	p, err := unwrap[struct {
		AmazonOrderID   string  `json:"AmazonOrderId"`
		ShippingAddress address `json:"ShippingAddress"`
	}]("getOrderAddress answer", body)
	if err != nil {
		t.Fatal(err)
	}
	c := customer(&orderPayload{OrderStatus: "Unshipped", ShippingAddress: &p.ShippingAddress})
	want := order.Address{Name: "Michigan address", Line1: "1 cross st", City: "Canton",
		Region: "MI", Postcode: "48817", Country: "US"}
	if diff := cmp.Diff(want, c.Shipping); diff != "" {
		t.Errorf("address (-want +got):\n%s", diff)
	}
}

func TestMapAmounts(t *testing.T) {
	tests := []struct {
		name     string
		market   string
		items    string
		total    string
		included bool
		lines    []order.Line
		totals   order.Totals
	}{{
		name:   "EU prices include VAT; ItemPrice is for the whole quantity",
		market: "A1PA6795UKMFR9", total: "69.97", included: true,
		items: `[{"OrderItemId": "1", "SellerSKU": "A", "QuantityOrdered": 3,
			"ItemPrice": {"CurrencyCode": "EUR", "Amount": "59.97"},
			"ItemTax": {"CurrencyCode": "EUR", "Amount": "9.58"},
			"ShippingPrice": {"CurrencyCode": "EUR", "Amount": "14.99"},
			"ShippingTax": {"CurrencyCode": "EUR", "Amount": "2.39"},
			"ShippingDiscount": {"CurrencyCode": "EUR", "Amount": "4.99"},
			"ShippingDiscountTax": {"CurrencyCode": "EUR", "Amount": "0.80"}}]`,
		lines:  []order.Line{{LineID: "1", SKU: "A", Quantity: 3, UnitPrice: 1999, Tax: 958}},
		totals: order.Totals{Shipping: 1499, Tax: 958 + 239 - 80, Discount: 499, Total: 6997},
	}, {
		name:   "a price that does not divide puts the rounding in the discount",
		market: "A1F83G8C2ARO7P", total: "10.00", included: true,
		items: `[{"OrderItemId": "1", "SellerSKU": "A", "QuantityOrdered": 3,
			"ItemPrice": {"CurrencyCode": "GBP", "Amount": "10.00"}}]`,
		lines:  []order.Line{{LineID: "1", SKU: "A", Quantity: 3, UnitPrice: 334, Discount: 2}},
		totals: order.Totals{Discount: 2, Total: 1000},
	}, {
		name:   "US tax is added, promotions net of their tax",
		market: "ATVPDKIKX0DER", total: "21.60",
		items: `[{"OrderItemId": "1", "SellerSKU": "A", "QuantityOrdered": 2,
			"ItemPrice": {"CurrencyCode": "USD", "Amount": "20.00"},
			"ItemTax": {"CurrencyCode": "USD", "Amount": "2.00"},
			"PromotionDiscount": {"CurrencyCode": "USD", "Amount": "4.00"},
			"PromotionDiscountTax": {"CurrencyCode": "USD", "Amount": "0.40"},
			"ShippingPrice": {"CurrencyCode": "USD", "Amount": "4.00"}}]`,
		lines: []order.Line{{LineID: "1", SKU: "A", Quantity: 2, UnitPrice: 1000, Tax: 160,
			Discount: 400}},
		totals: order.Totals{Shipping: 400, Tax: 160, Discount: 400, Total: 2160},
	}, {
		name:   "JPY has no decimals",
		market: "A1VC38T7YXB528", total: "3300", included: true,
		items: `[{"OrderItemId": "1", "SellerSKU": "A", "QuantityOrdered": 1,
			"ItemPrice": {"CurrencyCode": "JPY", "Amount": "3300"},
			"ItemTax": {"CurrencyCode": "JPY", "Amount": "300"}}]`,
		lines:  []order.Line{{LineID: "1", SKU: "A", Quantity: 1, UnitPrice: 3300, Tax: 300}},
		totals: order.Totals{Tax: 300, Total: 3300},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := strings.Split(strings.Split(tt.items, `"CurrencyCode": "`)[1], `"`)[0]
			orderJSON := `{"payload": {"AmazonOrderId": "1", "PurchaseDate": "2026-01-01T10:00:00Z",
				"LastUpdateDate": "2026-01-01T10:05:00Z", "OrderStatus": "Unshipped",
				"MarketplaceId": "` + tt.market + `",
				"OrderTotal": {"CurrencyCode": "` + cur + `", "Amount": "` + tt.total + `"}}}`
			rep, err := Map("c", []byte(orderJSON),
				[]byte(`{"payload": {"AmazonOrderId": "1", "OrderItems": `+tt.items+`}}`))
			if err != nil {
				t.Fatal(err)
			}
			o := rep.Order
			if o.TaxesIncluded != tt.included {
				t.Errorf("TaxesIncluded = %v", o.TaxesIncluded)
			}
			if diff := cmp.Diff(tt.lines, o.Lines); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.totals, o.Totals); diff != "" {
				t.Errorf("totals (-want +got):\n%s", diff)
			}
			if d := ordertest.Reconcile(o); d != 0 {
				t.Errorf("totals are off by %d", d)
			}
		})
	}
}

func TestMapStatusesAndDelivery(t *testing.T) {
	tests := []struct {
		status, level string
		prime, ispu   bool
		payment       order.Payment
		method        order.Method
		priority      order.Priority
		cancelled     bool
	}{
		{"Pending", "Standard", false, false, order.PaymentPending, order.MethodStandard,
			order.PriorityNormal, false},
		{"Unshipped", "Expedited", false, false, order.PaymentPaid, order.MethodExpress,
			order.PriorityNormal, false},
		{"PartiallyShipped", "NextDay", false, false, order.PaymentPaid, order.MethodNextDay,
			order.PriorityHigh, false},
		{"Shipped", "SameDay", false, false, order.PaymentPaid, order.MethodSameDay,
			order.PriorityUrgent, false},
		{"Unshipped", "SecondDay", true, false, order.PaymentPaid, order.MethodExpress,
			order.PriorityHigh, false},
		{"Unshipped", "Scheduled", false, true, order.PaymentPaid,
			order.MethodClickAndCollect, order.PriorityNormal, false},
		{"Canceled", "Priority", false, false, order.PaymentVoided, order.MethodExpress,
			order.PriorityNormal, true},
		{"Unfulfillable", "Standard", false, false, order.PaymentPending, order.MethodStandard,
			order.PriorityNormal, false},
	}
	for _, tt := range tests {
		t.Run(tt.status+"/"+tt.level, func(t *testing.T) {
			p := &orderPayload{AmazonOrderID: "1", PurchaseDate: "2026-01-01T10:00:00Z",
				LastUpdateDate: "2026-01-02T10:00:00Z", OrderStatus: tt.status,
				ShipmentServiceLevelCategory: tt.level, IsPrime: tt.prime, IsISPU: tt.ispu}
			rep, err := mapOrder("c", p, nil)
			if err != nil {
				t.Fatal(err)
			}
			d := rep.Order.Delivery
			if rep.Order.Payment != tt.payment || d.Method != tt.method ||
				d.Priority != tt.priority {
				t.Errorf("payment %s, method %s, priority %s; want %s, %s, %s",
					rep.Order.Payment, d.Method, d.Priority, tt.payment, tt.method, tt.priority)
			}
			if (rep.Cancelled != nil) != tt.cancelled {
				t.Errorf("Cancelled = %+v, want set: %v", rep.Cancelled, tt.cancelled)
			}
			if tt.cancelled && !rep.Cancelled.At.Equal(rep.Order.UpdatedAt) {
				t.Errorf("cancelled at %v, want the LastUpdateDate", rep.Cancelled.At)
			}
		})
	}
}

func TestMapWithheldAddress(t *testing.T) {
	tests := []struct {
		name, status, address string
		withheld              string
	}{
		{"no address at all", "Unshipped", ``, withheldRestricted},
		{"only the unrestricted parts", "Unshipped",
			`, "ShippingAddress": {"City": "Utrecht", "PostalCode": "3511", "CountryCode": "NL"}`,
			withheldRestricted},
		{"not paid yet", "Pending", ``, withheldUnpaid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"payload": {"AmazonOrderId": "1", "PurchaseDate": "2026-01-01T10:00:00Z",
				"LastUpdateDate": "2026-01-01T10:00:00Z", "OrderStatus": "` + tt.status + `"` +
				tt.address + `}}`
			rep, err := Map("c", []byte(body), nil)
			if err != nil {
				t.Fatal(err)
			}
			c := rep.Order.Customer
			if !c.Shipping.IsZero() || c.Withheld != tt.withheld {
				t.Errorf("shipping %+v, withheld %q; want none, %q", c.Shipping, c.Withheld,
					tt.withheld)
			}
			if !codes(rep.Order)["address_withheld"] {
				t.Errorf("not held for the withheld address: %v", codes(rep.Order))
			}
			if tt.address != "" && rep.Order.Delivery.Country != "NL" {
				t.Errorf("delivery country %q, want NL from the unrestricted address",
					rep.Order.Delivery.Country)
			}
		})
	}
}

func TestMapMalformed(t *testing.T) {
	ok := `{"payload": {"AmazonOrderId": "1", "PurchaseDate": "2026-01-01T10:00:00Z",
		"LastUpdateDate": "2026-01-01T10:00:00Z", "OrderStatus": "Unshipped",
		"OrderTotal": {"CurrencyCode": "EUR", "Amount": "1.00"}}}`
	tests := []struct {
		name, order, items, want string
	}{
		{"empty", ``, ``, "not a JSON object"},
		{"array", `[]`, ``, "not a JSON object"},
		{"errors", `{"errors": [{"code": "InvalidInput", "message": "Invalid Input"}]}`, ``,
			"InvalidInput: Invalid Input"},
		{"no payload", `{}`, ``, "no payload"},
		{"no id", `{"payload": {"OrderStatus": "Pending"}}`, ``, "no AmazonOrderId"},
		{"bad time", `{"payload": {"AmazonOrderId": "1", "PurchaseDate": "yesterday",
			"LastUpdateDate": "2026-01-01T10:00:00Z"}}`, ``, "PurchaseDate"},
		{"items of another order", ok,
			`{"payload": {"AmazonOrderId": "2", "OrderItems": []}}`, "not 1"},
		{"amount with a comma", ok, `{"payload": {"AmazonOrderId": "1", "OrderItems": [
			{"OrderItemId": "9", "QuantityOrdered": 1,
			 "ItemPrice": {"CurrencyCode": "EUR", "Amount": "1,00"}}]}}`, "item 9 ItemPrice"},
		{"mixed currencies", ok, `{"payload": {"AmazonOrderId": "1", "OrderItems": [
			{"OrderItemId": "9", "QuantityOrdered": 1,
			 "ItemPrice": {"CurrencyCode": "GBP", "Amount": "1.00"}}]}}`, "is in GBP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Map("c", []byte(tt.order), []byte(tt.items))
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Map = %v, want ErrMalformed mentioning %q", err, tt.want)
			}
		})
	}
}
