package pos_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/pos"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMapTestdata(t *testing.T) {
	cet := time.FixedZone("", 3600)
	tests := []struct {
		file       string
		fulfilment string
		carriedOut bool
		method     order.Method
		country    string
		payment    order.Payment
		updated    time.Time
	}{
		{"carry_out.json", pos.CarryOut, true, order.MethodClickAndCollect, "",
			order.PaymentPaid, time.Date(2026, 3, 2, 14, 5, 11, 0, cet)},
		{"ship_from_store.json", pos.ShipFromStore, false, order.MethodStandard, "NL",
			order.PaymentPaid, time.Date(2026, 3, 2, 16, 41, 30, 0, cet)},
		{"click_and_collect.json", pos.ClickAndCollect, false, order.MethodClickAndCollect, "",
			order.PaymentAuthorized, time.Date(2026, 3, 3, 10, 15, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s, err := pos.Map("pos-nl", readFile(t, tt.file))
			if err != nil {
				t.Fatalf("Map: %v", err)
			}
			o := s.Report.Order
			if s.Fulfilment != tt.fulfilment || s.CarriedOut() != tt.carriedOut ||
				o.Delivery.Method != tt.method || o.Delivery.Country != tt.country ||
				o.Payment != tt.payment || !o.UpdatedAt.Equal(tt.updated) {
				t.Errorf("fulfilment %s, carried out %v, method %s, country %q, payment %s, "+
					"updated %v", s.Fulfilment, s.CarriedOut(), o.Delivery.Method,
					o.Delivery.Country, o.Payment, o.UpdatedAt)
			}
			if d := ordertest.Reconcile(o); d != 0 {
				t.Errorf("totals are off by %d", d)
			}
			if problems := order.Validate(&o); len(problems) > 0 {
				t.Errorf("Validate: %v", problems)
			}
			if s.Store == "" || o.ChannelID != "pos-nl" || o.OrderID == "" {
				t.Errorf("store %q, order %+v", s.Store, o)
			}
		})
	}
}

func TestMapCarryOut(t *testing.T) {
	s, err := pos.Map("pos-nl", readFile(t, "carry_out.json"))
	if err != nil {
		t.Fatal(err)
	}
	cet := time.FixedZone("", 3600)
	want := order.Order{
		ChannelID: "pos-nl", OrderID: "AMS01-R2-000123", Name: "AMS01-R2-000123",
		PlacedAt:  time.Date(2026, 3, 2, 14, 5, 11, 0, cet),
		UpdatedAt: time.Date(2026, 3, 2, 14, 5, 11, 0, cet),
		Currency:  "EUR", TaxesIncluded: true,
		Lines: []order.Line{
			{LineID: "1", SKU: "SHIRT-LIN-WH-M", Title: "Linen shirt, white, M", Quantity: 2,
				UnitPrice: 5995, Tax: 1873, Discount: 1199},
			{LineID: "2", SKU: "SOCKS-WOOL-42", Title: "Wool socks, 42", Quantity: 1,
				UnitPrice: 1295, Tax: 225},
		},
		Delivery: order.Delivery{Method: order.MethodClickAndCollect, Carrier: order.CarrierAny,
			Priority: order.PriorityNormal},
		Payment: order.PaymentPaid,
		Totals:  order.Totals{Tax: 2098, Discount: 1199, Total: 12086},
	}
	if diff := cmp.Diff(want, s.Report.Order); diff != "" {
		t.Errorf("Map (-want +got):\n%s", diff)
	}
	if s.Store != "store-ams01" || s.Register != "R2" || s.Report.Cancelled != nil {
		t.Errorf("store %q, register %q, cancelled %v", s.Store, s.Register, s.Report.Cancelled)
	}
}

func TestMapCancelled(t *testing.T) {
	body := strings.Replace(string(readFile(t, "carry_out.json")), `"payment": "paid"`,
		`"payment": "paid", "cancelled_at": "2026-03-02T15:00:00+01:00"`, 1)
	s, err := pos.Map("pos-nl", []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	if c := s.Report.Cancelled; c == nil || !c.At.Equal(at) || !s.Report.Order.UpdatedAt.Equal(at) {
		t.Errorf("Cancelled = %+v, UpdatedAt %v; want both at %v", c, s.Report.Order.UpdatedAt, at)
	}
}

func TestMapRefuses(t *testing.T) {
	carry := string(readFile(t, "carry_out.json"))
	ship := string(readFile(t, "ship_from_store.json"))
	edit := func(body, old, new string) string {
		if !strings.Contains(body, old) {
			t.Fatalf("testdata has no %q", old)
		}
		return strings.Replace(body, old, new, 1)
	}
	tests := []struct {
		name, body, field string
	}{
		{"unknown field", edit(carry, `"register"`, `"till"`), `"till"`},
		{"no store", edit(carry, `"store": "store-ams01",`, ``), "store"},
		{"empty store", edit(carry, `"store-ams01"`, `""`), "store"},
		{"store not a location id", edit(carry, `"store-ams01"`, `"AMS 01"`), "store"},
		{"no sold_at", edit(carry, `"sold_at": "2026-03-02T14:05:11+01:00",`, ``), "sold_at"},
		{"bad sold_at", edit(carry, `"2026-03-02T14:05:11+01:00"`, `"2 March"`), "2 March"},
		{"zero quantity", edit(carry, `"quantity": 1`, `"quantity": 0`), "lines[1].quantity"},
		{"negative quantity", edit(carry, `"quantity": 2`, `"quantity": -2`),
			"lines[0].quantity"},
		{"fractional quantity", edit(carry, `"quantity": 2`, `"quantity": 1.5`), "quantity"},
		{"repeated line id", edit(carry, `"line_id": "2"`, `"line_id": "1"`),
			"lines[1].line_id"},
		{"no sku", edit(carry, `"sku": "SOCKS-WOOL-42"`, `"sku": ""`), "lines[1].sku"},
		{"total off", edit(carry, `"total": 12086`, `"total": 12087`), "totals.total"},
		{"discount off", edit(carry, `"discount": 1199, "shipping"`, `"discount": 0, "shipping"`),
			"totals.discount"},
		{"tax below lines", edit(carry, `"tax": 2098`, `"tax": 98`), "totals.tax"},
		{"unknown fulfilment", edit(carry, `"carry_out"`, `"drone"`), "fulfilment"},
		{"unknown payment", edit(carry, `"payment": "paid"`, `"payment": "free"`), "payment"},
		{"unknown currency", edit(carry, `"EUR"`, `"EURO"`), "currency"},
		{"ship without address", edit(ship, `"address": {`, `"billing": {`), "billing"},
		{"ship without customer", edit(carry, `"carry_out"`, `"ship_from_store"`),
			"customer.address"},
		{"two objects", carry + "{}", "after"},
		{"not an object", `[]`, "cannot unmarshal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pos.Map("pos-nl", []byte(tt.body))
			if !errors.Is(err, pos.ErrMalformed) || !strings.Contains(err.Error(), tt.field) {
				t.Errorf("Map = %v, want ErrMalformed naming %s", err, tt.field)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	secret := []byte("till-secret")
	body := readFile(t, "carry_out.json")
	now := time.Date(2026, 3, 2, 13, 5, 11, 0, time.UTC)
	signed := pos.Sign(secret, body, now)
	with := func(name, value string) http.Header {
		h := signed.Clone()
		if value == "" {
			h.Del(name)
		} else {
			h.Set(name, value)
		}
		return h
	}
	bareHex := strings.TrimPrefix(signed.Get(pos.HeaderSignature), "sha256=")
	tests := []struct {
		name    string
		h       http.Header
		body    []byte
		at      time.Time
		want    error
		message string
	}{
		{"signed now", signed, body, now, nil, ""},
		{"received 4 minutes later", signed, body, now.Add(4 * time.Minute), nil, ""},
		{"6 minutes old", signed, body, now.Add(6 * time.Minute), pos.ErrStale, "6m0s old"},
		{"6 minutes ahead", signed, body, now.Add(-6 * time.Minute), pos.ErrStale,
			"6m0s ahead"},
		{"no timestamp", with(pos.HeaderTimestamp, ""), body, now, pos.ErrUnsigned,
			pos.HeaderTimestamp},
		{"no signature", with(pos.HeaderSignature, ""), body, now, pos.ErrUnsigned,
			pos.HeaderSignature},
		{"no sha256= prefix", with(pos.HeaderSignature, bareHex), body, now,
			pos.ErrBadSignature, "sha256="},
		{"body changed", signed, append([]byte(" "), body...), now, pos.ErrBadSignature, ""},
		{"forged", pos.Sign([]byte("guess"), body, now), body, now, pos.ErrBadSignature, ""},
		{"timestamp moved", with(pos.HeaderTimestamp, "1772456712"), body, now,
			pos.ErrBadSignature, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := pos.Verify(secret, tt.h, tt.body, tt.at)
			if (tt.want == nil) != (err == nil) || !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), tt.message) {
				t.Errorf("Verify = %q, want it to say %q", err, tt.message)
			}
		})
	}
}

func TestSignHeaderFormat(t *testing.T) {
	h := pos.Sign([]byte("k"), []byte("{}"), time.Unix(1772460311, 0))
	if h.Get(pos.HeaderTimestamp) != "1772460311" {
		t.Errorf("timestamp = %q", h.Get(pos.HeaderTimestamp))
	}
	// The HMAC-SHA256 of "1772460311.{}" keyed with "k", computed apart
	// with openssl dgst -sha256 -hmac k.
	const want = "sha256=9777fc2a25fe09b5307f390fa31d18cc801922f58c018666502cf62ad1e13096"
	if sig := h.Get(pos.HeaderSignature); sig != want {
		t.Errorf("signature = %q, want %q", sig, want)
	}
}
