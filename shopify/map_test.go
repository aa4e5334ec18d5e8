package shopify

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
)

func mapFile(t *testing.T, name string) Mapped {
	t.Helper()
	m, err := Map("shop-test", ordertest.ReadFile(t, filepath.Join("testdata", name)))
	if err != nil {
		t.Fatalf("Map(%s): %v", name, err)
	}
	return m
}

func TestMapEURWithVATIncluded(t *testing.T) {
	got := mapFile(t, "eur_vat_included.json")
	cet := time.FixedZone("", 3600)
	addr := order.Address{
		Name: "Anna de Vries", Line1: "Keizersgracht 123", Line2: "3hoog",
		Postcode: "1015 CJ", City: "Amsterdam", Country: "NL",
	}
	want := Mapped{Order: order.Order{
		ChannelID:     "shop-test",
		OrderID:       "5512345678901",
		Name:          "#NL1042",
		PlacedAt:      time.Date(2026, 3, 2, 14, 5, 11, 0, cet),
		UpdatedAt:     time.Date(2026, 3, 2, 14, 5, 13, 0, cet),
		Currency:      "EUR",
		TaxesIncluded: true,
		Lines: []order.Line{{
			LineID: "13512345678901", SKU: "SHIRT-LIN-WH-M", Variant: "44012345678901",
			Title: "Linnen overhemd - Wit / M", Quantity: 2, UnitPrice: 5995,
			Tax: 1873, Discount: 1199,
		}, {
			LineID: "13512345678902", SKU: "BOOK-KOOK-01", Variant: "44012345678955",
			Title: "Kookboek Seizoenen", Quantity: 1, UnitPrice: 2450, Tax: 202,
		}},
		Delivery: order.Delivery{Country: "NL", Method: order.MethodStandard,
			Carrier: order.CarrierPostNL, Priority: order.PriorityNormal},
		Payment: order.PaymentPaid,
		Totals:  order.Totals{Shipping: 495, Tax: 2161, Discount: 1199, Total: 13736},
		Customer: order.Customer{
			Email: "anna.devries@example.nl", Phone: "+31612345678",
			FirstName: "Anna", LastName: "de Vries", Shipping: addr, Billing: addr,
		},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Map (-want +got):\n%s", diff)
	}
	if d := ordertest.Reconcile(got.Order); d != 0 {
		t.Errorf("totals are off by %d cents", d)
	}
}

func TestMapTestdata(t *testing.T) {
	tests := []struct {
		file       string
		currency   string
		totals     order.Totals
		lines      []order.Line // compared on quantity and amounts only
		delivery   order.Delivery
		payment    order.Payment
		first      string
		last       string
		email      string
		cancelled  bool
		noShipping bool
	}{{
		file:     "usd_tax_added.json",
		currency: "USD",
		totals:   order.Totals{Shipping: 1250, Tax: 1160, Discount: 500, Total: 18410},
		lines: []order.Line{
			{Quantity: 1, UnitPrice: 12900, Tax: 935},
			{Quantity: 2, UnitPrice: 1800, Tax: 225, Discount: 500},
		},
		delivery: order.Delivery{Country: "US", Method: order.MethodStandard,
			Carrier: order.CarrierUPS, Priority: order.PriorityHigh},
		payment: order.PaymentAuthorized,
		first:   "Michael", last: "Okafor", email: "m.okafor@example.com",
	}, {
		file:     "jpy_zero_decimals.json",
		currency: "JPY",
		totals:   order.Totals{Shipping: 800, Tax: 873, Total: 9600},
		lines: []order.Line{
			{Quantity: 2, UnitPrice: 3300, Tax: 600},
			{Quantity: 1, UnitPrice: 2200, Tax: 200},
		},
		delivery: order.Delivery{Country: "JP", Method: order.MethodNextDay,
			Carrier: order.CarrierAny, Priority: order.PriorityHigh},
		payment: order.PaymentPaid,
		first:   "太郎", last: "山田", email: "taro.yamada@example.jp",
	}, {
		file:     "unicode_names.json",
		currency: "PLN",
		totals:   order.Totals{Shipping: 2100, Tax: 2581, Total: 13800},
		lines:    []order.Line{{Quantity: 3, UnitPrice: 3900, Tax: 2188}},
		delivery: order.Delivery{Country: "PL", Method: order.MethodPickupPoint,
			Carrier: order.CarrierAny, Priority: order.PriorityUrgent},
		payment: order.PaymentPending,
		first:   "Łucja", last: "Żółkiewska-Nowak", email: "lucja.zolkiewska@example.pl",
	}, {
		file:     "cancelled.json",
		currency: "EUR",
		totals:   order.Totals{Tax: 1458, Discount: 500, Total: 8400},
		lines:    []order.Line{{Quantity: 1, UnitPrice: 8900, Tax: 1458, Discount: 500}},
		delivery: order.Delivery{Country: "BE", Method: order.MethodStandard,
			Carrier: order.CarrierBpost, Priority: order.PriorityNormal},
		payment: order.PaymentRefunded,
		first:   "Jan", last: "Peeters", email: "jan.peeters@example.be",
		cancelled: true,
	}, {
		file:     "no_shipping_address.json",
		currency: "USD",
		totals:   order.Totals{Shipping: 600, Tax: 159, Total: 2754},
		lines:    []order.Line{{Quantity: 1, UnitPrice: 1995, Tax: 159}},
		delivery: order.Delivery{Method: order.MethodExpress,
			Carrier: order.CarrierAny, Priority: order.PriorityNormal},
		payment:    order.PaymentPaid,
		email:      "no-address@example.com",
		noShipping: true,
	}}
	amounts := func(ls []order.Line) []order.Line {
		var out []order.Line
		for _, l := range ls {
			out = append(out, order.Line{Quantity: l.Quantity, UnitPrice: l.UnitPrice,
				Tax: l.Tax, Discount: l.Discount})
		}
		return out
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".json"), func(t *testing.T) {
			m := mapFile(t, tt.file)
			o := m.Order
			if o.Currency != tt.currency {
				t.Errorf("Currency = %q, want %q", o.Currency, tt.currency)
			}
			if diff := cmp.Diff(tt.totals, o.Totals); diff != "" {
				t.Errorf("Totals (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.lines, amounts(o.Lines)); diff != "" {
				t.Errorf("line amounts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.delivery, o.Delivery); diff != "" {
				t.Errorf("Delivery (-want +got):\n%s", diff)
			}
			if o.Payment != tt.payment {
				t.Errorf("Payment = %q, want %q", o.Payment, tt.payment)
			}
			c := o.Customer
			if c.FirstName != tt.first || c.LastName != tt.last || c.Email != tt.email {
				t.Errorf("customer = %q %q <%s>, want %q %q <%s>",
					c.FirstName, c.LastName, c.Email, tt.first, tt.last, tt.email)
			}
			if m.Cancelled() != tt.cancelled {
				t.Errorf("Cancelled() = %v, want %v", m.Cancelled(), tt.cancelled)
			}
			if c.Shipping.IsZero() != tt.noShipping {
				t.Errorf("shipping address = %+v, want zero: %v", c.Shipping, tt.noShipping)
			}
			if d := ordertest.Reconcile(o); d != 0 {
				t.Errorf("totals are off by %d minor units", d)
			}
		})
	}
}

func TestMapCancellation(t *testing.T) {
	m := mapFile(t, "cancelled.json")
	want := time.Date(2026, 2, 15, 11, 2, 46, 0, time.FixedZone("", 3600))
	if !m.CancelledAt.Equal(want) || m.CancelReason != "inventory" {
		t.Errorf("cancelled at %v for %q, want %v for inventory", m.CancelledAt,
			m.CancelReason, want)
	}
	if m := mapFile(t, "eur_vat_included.json"); m.Cancelled() || m.CancelReason != "" {
		t.Errorf("order without cancelled_at: Cancelled() = true, reason %q", m.CancelReason)
	}
}

func TestMapUnicodeNames(t *testing.T) {
	o := mapFile(t, "unicode_names.json").Order
	want := order.Address{Name: "Łucja Żółkiewska-Nowak", Line1: "ul. Piotrkowska 104/12",
		Postcode: "90-926", City: "Łódź", Region: "PL-10", Country: "PL"}
	if diff := cmp.Diff(want, o.Customer.Shipping); diff != "" {
		t.Errorf("shipping address (-want +got):\n%s", diff)
	}
	if got := o.Lines[0].Title; got != "Kubek „Poranna kawa” ☕ - Zieleń" {
		t.Errorf("title = %q", got)
	}
	if diff := cmp.Diff([]string{"stała klientka", "urgent"}, o.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
}

func TestMapMalformed(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string // in the error message
	}{
		{"empty body", "", "not a JSON object"},
		{"JSON array", string(ordertest.ReadFile(t, "testdata/not_object.json")), "not a JSON object"},
		{"JSON null", "null", "not a JSON object"},
		{"JSON string", `"order"`, "not a JSON object"},
		{"truncated", `{"id": 1, "line_items": [`, "unexpected EOF"},
		{"no id", string(ordertest.ReadFile(t, "testdata/no_id.json")), "no order id"},
		{"null id", `{"id": null}`, "no order id"},
		{"negative id", `{"id": -4}`, "not a positive integer"},
		{"fractional id", `{"id": 4.5}`, "not a positive integer"},
		{"id of wrong type", `{"id": {"n": 1}}`, "cannot unmarshal"},
		{"price with a comma", `{"id": 1, "currency": "EUR",
			"line_items": [{"price": "12,50", "quantity": 1}]}`, "line 0 price"},
		{"too many decimals", `{"id": 1, "currency": "JPY", "total_price": "10.5"}`,
			"total_price"},
		{"fractional quantity", `{"id": 1, "line_items": [{"quantity": 1.5}]}`,
			"line 0 quantity"},
		{"bad created_at", `{"id": 1, "created_at": "31/12/2021"}`, "created_at"},
		{"tags of wrong type", `{"id": 1, "tags": 7}`, "tags"},
		{"tax sum overflows", `{"id": 1, "line_items": [{"tax_lines": [
			{"price": "90000000000000000.00"}, {"price": "90000000000000000.00"}]}]}`,
			"too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Map("shop-test", []byte(tt.body))
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("Map = %v, want ErrMalformed", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

// TestMapKeepsContentProblems checks that what is wrong with an order's
// content, rather than its form, reaches validation instead of failing Map.
func TestMapKeepsContentProblems(t *testing.T) {
	body := `{"id": 77, "currency": "xyz", "financial_status": "expired",
		"line_items": [{"id": 1, "sku": null, "quantity": -2, "price": "-5.00"},
			{"id": 2, "sku": "A", "quantity": 0, "price": "1.00"}]}`
	m, err := Map("shop-test", []byte(body))
	if err != nil {
		t.Fatalf("Map: %v", err)
	}
	o := m.Order
	if o.Currency != "XYZ" || o.Payment != order.PaymentPending {
		t.Errorf("currency %q, payment %q; want XYZ, pending", o.Currency, o.Payment)
	}
	if o.Lines[0].Quantity != -2 || o.Lines[0].UnitPrice != -500 || o.Lines[1].Quantity != 0 {
		t.Errorf("lines = %+v, want the quantities and prices as sent", o.Lines)
	}
	codes := map[string]bool{}
	for _, r := range order.Validate(&o) {
		codes[r.Code] = true
	}
	for _, c := range []string{"unknown_currency", "missing_sku", "bad_quantity",
		"negative_amount", "no_address"} {
		if !codes[c] {
			t.Errorf("validation did not report %s; got %v", c, codes)
		}
	}

	m, err = Map("shop-test", []byte(`{"id": 78}`))
	if err != nil {
		t.Fatalf("Map of an order with nothing but an id: %v", err)
	}
	if rs := order.Validate(&m.Order); len(rs) == 0 {
		t.Errorf("an order with nothing but an id validates")
	}
}

func TestMapDelivery(t *testing.T) {
	tests := []struct {
		code, title, source string
		tags                string
		method              order.Method
		carrier             order.Carrier
		priority            order.Priority
	}{
		{"", "Standard Shipping", "shopify", "", order.MethodStandard, order.CarrierAny,
			order.PriorityNormal},
		{"DHL_EXPRESS", "DHL Express Worldwide", "dhl_express", "", order.MethodExpress,
			order.CarrierDHL, order.PriorityNormal},
		{"", "Same-Day Delivery (Amsterdam)", "shopify", "", order.MethodSameDay,
			order.CarrierAny, order.PriorityUrgent},
		{"", "Next day", "", "vip", order.MethodNextDay, order.CarrierAny, order.PriorityHigh},
		{"", "PostNL pakketpunt", "", "", order.MethodPickupPoint, order.CarrierPostNL,
			order.PriorityNormal},
		{"", "DPD Pickup Point", "", "", order.MethodPickupPoint, order.CarrierDPD,
			order.PriorityNormal},
		{"", "Click & Collect – Utrecht store", "", "", order.MethodClickAndCollect,
			order.CarrierAny, order.PriorityNormal},
		{"", "Local Pickup", "shopify", "", order.MethodClickAndCollect, order.CarrierAny,
			order.PriorityNormal},
		{"", "FedEx Ground", "fedex", "", order.MethodStandard, order.CarrierFedEx,
			order.PriorityNormal},
		{"", "GLS Business Parcel", "", "", order.MethodStandard, order.CarrierGLS,
			order.PriorityNormal},
		{"", "USPS Priority Mail", "usps", "", order.MethodStandard, order.CarrierUSPS,
			order.PriorityNormal},
		{"", "Free shipping over €50 (pickups excluded)", "", "Urgent", order.MethodStandard,
			order.CarrierAny, order.PriorityUrgent},
		{"", "Standard", "", "wholesale, priority", order.MethodStandard, order.CarrierAny,
			order.PriorityHigh},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{
				"id": 1, "tags": tt.tags,
				"shipping_lines": []map[string]string{
					{"code": tt.code, "title": tt.title, "source": tt.source}},
			})
			m, err := Map("shop-test", body)
			if err != nil {
				t.Fatal(err)
			}
			d := m.Order.Delivery
			if d.Method != tt.method || d.Carrier != tt.carrier || d.Priority != tt.priority {
				t.Errorf("delivery = %s, %s, %s; want %s, %s, %s", d.Method, d.Carrier,
					d.Priority, tt.method, tt.carrier, tt.priority)
			}
		})
	}
}

func TestMapDigitalOrder(t *testing.T) {
	body := `{"id": 9, "currency": "EUR", "total_price": "25.00",
		"line_items": [{"id": 1, "sku": "GIFT-25", "quantity": 1, "price": "25.00",
			"requires_shipping": false}]}`
	m, err := Map("shop-test", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Order.Delivery.Method; got != order.MethodDigital {
		t.Errorf("Method = %q, want digital", got)
	}
	if rs := order.Validate(&m.Order); len(rs) != 0 {
		t.Errorf("a gift card order without an address is held: %v", rs)
	}
}

func TestMapPrefersShopMoney(t *testing.T) {
	o := mapFile(t, "usd_tax_added.json").Order
	// The payload's presentment amounts are in CAD; none may leak in.
	if o.Lines[0].UnitPrice != 12900 || o.Totals.Total != 18410 {
		t.Errorf("unit price %d, total %d; want the USD shop amounts 12900, 18410",
			o.Lines[0].UnitPrice, o.Totals.Total)
	}
	body := `{"id": 1, "currency": "USD", "total_price": "10.00",
		"total_price_set": {"shop_money": {"amount": "10.01", "currency_code": "USD"},
			"presentment_money": {"amount": "13.70", "currency_code": "CAD"}}}`
	m, err := Map("shop-test", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if m.Order.Totals.Total != 1001 {
		t.Errorf("Total = %d, want the shop money 1001", m.Order.Totals.Total)
	}
}

func TestMapFallsBackToSums(t *testing.T) {
	body := `{"id": 1, "currency": "EUR", "total_price": "30.00",
		"line_items": [{"quantity": 1, "price": "25.00",
			"tax_lines": [{"price": "1.00"}, {"price": 2}],
			"discount_allocations": [{"amount": "0.50"}]}],
		"shipping_lines": [{"price": "5.00", "tax_lines": [{"price": "0.25"}],
			"discount_allocations": [{"amount": "1.00"}]}]}`
	m, err := Map("shop-test", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := order.Totals{Shipping: 500, Tax: 325, Discount: 150, Total: 3000}
	if diff := cmp.Diff(want, m.Order.Totals); diff != "" {
		t.Errorf("Totals without total_tax and total_discounts (-want +got):\n%s", diff)
	}
}

// TestMapFixtures maps every Shopify order payload among the shared
// fixtures and checks that its totals reconcile to the minor unit.
func TestMapFixtures(t *testing.T) {
	dir := fixtureDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	mapped := 0
	for _, path := range files {
		name := filepath.Base(path)
		body := ordertest.ReadFile(t, path)
		if reason := notOrder(body); reason != "" {
			t.Logf("skipped %s: %s", name, reason)
			continue
		}
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			m, err := Map("shop-fixture", body)
			if err != nil {
				t.Fatalf("Map: %v", err)
			}
			o := m.Order
			t.Logf("%s: %d lines, sum of lines %s + shipping %s + tax %s (included: %v)"+
				" - discount %s = total %s %s; diff %d", name, len(o.Lines),
				amount(lineSum(o), o), amount(o.Totals.Shipping, o), amount(o.Totals.Tax, o),
				o.TaxesIncluded, amount(o.Totals.Discount, o), amount(o.Totals.Total, o),
				o.Currency, ordertest.Reconcile(o))
			if d := ordertest.Reconcile(o); d != 0 {
				t.Errorf("totals are off by %d minor units of %s", d, o.Currency)
			}
		})
		mapped++
	}
	if mapped == 0 {
		t.Errorf("no order payloads among %d fixture files", len(files))
	}
}

// notOrder returns why body is not a Shopify order payload, or "" when it
// is one: a JSON object with line_items and total_price at the top.
func notOrder(body []byte) string {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return "not a JSON object: " + err.Error()
	}
	var missing []string
	for _, k := range []string{"line_items", "total_price"} {
		if _, ok := top[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return "not an order payload: no top-level " + strings.Join(missing, " or ")
	}
	return ""
}

func lineSum(o order.Order) int64 {
	var sum int64
	for _, l := range o.Lines {
		sum += l.UnitPrice * l.Quantity
	}
	return sum
}

func amount(v int64, o order.Order) string { return order.FormatAmount(v, o.Currency) }
