package shopifytest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/shopify"
	"github.com/ordo-oms/ordo/shopify/shopifytest"
)

var t0 = time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)

// do sends one request to the fake and returns the status, the headers
// and the body.
func do(tb testing.TB, s *shopifytest.Server, method, path, token, body string) (int, http.Header, string) {
	tb.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL()+"/admin/api/2026-10"+path, r)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("X-Shopify-Access-Token", token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

func newServer(tb testing.TB, opts shopifytest.Options) *shopifytest.Server {
	tb.Helper()
	s := shopifytest.New(opts)
	tb.Cleanup(s.Close)
	order := shopifytest.NewOrder(1001, []shopifytest.Item{
		{SKU: "MUG-01", Quantity: 2, Price: 1295}, {SKU: "BOOK-07", Quantity: 1, Price: 2450}}, t0)
	if err := s.AddOrder(order); err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestNewOrderIsARealisticOrder(t *testing.T) {
	body := shopifytest.NewOrder(42, []shopifytest.Item{
		{SKU: "A", Quantity: 3, Price: 999}, {SKU: "B", Quantity: 1, Price: 12345}}, t0).JSON()
	m, err := shopify.Map("shop-nl", body)
	if err != nil {
		t.Fatal(err)
	}
	o := m.Order
	var sum int64
	for _, l := range o.Lines {
		sum += l.UnitPrice * l.Quantity
	}
	if got := sum + o.Totals.Shipping - o.Totals.Discount; got != o.Totals.Total {
		t.Errorf("lines and shipping come to %d, total is %d", got, o.Totals.Total)
	}
	if o.OrderID != "42" || len(o.Lines) != 2 || o.Lines[1].LineID != "42002" ||
		o.Totals.Tax == 0 || !o.UpdatedAt.Equal(t0) || o.Customer.Shipping.Country != "NL" {
		t.Errorf("order %+v", o)
	}
}

func TestAuthentication(t *testing.T) {
	s := newServer(t, shopifytest.Options{})
	status, _, body := do(t, s, "GET", "/orders/1001.json", "shpat_other", "")
	want := `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`
	if status != 401 || strings.TrimSpace(body) != want {
		t.Fatalf("got %d %s", status, body)
	}
	if status, _, _ := do(t, s, "GET", "/orders/1001.json", s.AccessToken(), ""); status != 200 {
		t.Fatalf("with the token: %d", status)
	}
}

func TestBucketRefusesWhenFull(t *testing.T) {
	s := newServer(t, shopifytest.Options{BucketSize: 2, LeakRate: 0.01})
	var statuses []int
	var last http.Header
	for range 3 {
		status, h, _ := do(t, s, "GET", "/orders/1001.json", s.AccessToken(), "")
		statuses = append(statuses, status)
		last = h
	}
	if statuses[0] != 200 || statuses[1] != 200 || statuses[2] != 429 {
		t.Fatalf("statuses %v, want 200 200 429", statuses)
	}
	if last.Get("X-Shopify-Shop-Api-Call-Limit") != "2/2" || last.Get("Retry-After") == "" {
		t.Errorf("headers %v", last)
	}
}

func TestPageInfoTakesNoFilters(t *testing.T) {
	s := newServer(t, shopifytest.Options{})
	for i := range int64(3) {
		o := shopifytest.NewOrder(2000+i, []shopifytest.Item{{SKU: "A", Quantity: 1, Price: 100}},
			t0.Add(time.Duration(i)*time.Minute))
		if err := s.AddOrder(o); err != nil {
			t.Fatal(err)
		}
	}
	status, h, body := do(t, s, "GET", "/orders.json?status=any&limit=2&order=updated_at+asc",
		s.AccessToken(), "")
	if status != 200 || !strings.Contains(h.Get("Link"), `rel="next"`) {
		t.Fatalf("first page: %d, Link %q", status, h.Get("Link"))
	}
	var page struct{ Orders []struct{ ID int64 } }
	if err := json.Unmarshal([]byte(body), &page); err != nil || len(page.Orders) != 2 {
		t.Fatalf("first page %s (%v)", body, err)
	}
	next := h.Get("Link")
	next = next[strings.Index(next, "page_info=")+len("page_info=") : strings.Index(next, ">")]

	status, _, body = do(t, s, "GET", "/orders.json?limit=2&status=any&page_info="+next,
		s.AccessToken(), "")
	if status != 400 || !strings.Contains(body, "status cannot be passed when page_info is present.") {
		t.Fatalf("page_info with status: %d %s", status, body)
	}
	status, h, body = do(t, s, "GET", "/orders.json?limit=2&page_info="+next, s.AccessToken(), "")
	if err := json.Unmarshal([]byte(body), &page); status != 200 || err != nil ||
		len(page.Orders) != 2 || !strings.Contains(h.Get("Link"), `rel="previous"`) ||
		strings.Contains(h.Get("Link"), `rel="next"`) {
		t.Fatalf("last page: %d %s, Link %q", status, body, h.Get("Link"))
	}
}

func TestFulfillmentIsValidated(t *testing.T) {
	s := newServer(t, shopifytest.Options{})
	_, _, body := do(t, s, "GET", "/orders/1001/fulfillment_orders.json", s.AccessToken(), "")
	var fos struct {
		FulfillmentOrders []struct {
			ID        int64
			Status    string
			LineItems []struct {
				ID                  int64
				FulfillableQuantity int64 `json:"fulfillable_quantity"`
			} `json:"line_items"`
		} `json:"fulfillment_orders"`
	}
	if err := json.Unmarshal([]byte(body), &fos); err != nil || len(fos.FulfillmentOrders) != 1 {
		t.Fatalf("fulfilment orders %s (%v)", body, err)
	}
	fo := fos.FulfillmentOrders[0]
	post := func(itemID, qty int64) (int, string) {
		b, _ := json.Marshal(map[string]any{"fulfillment": map[string]any{
			"line_items_by_fulfillment_order": []any{map[string]any{
				"fulfillment_order_id":         fo.ID,
				"fulfillment_order_line_items": []any{map[string]any{"id": itemID, "quantity": qty}},
			}},
			"tracking_info": map[string]any{"number": "T1", "company": "PostNL"},
		}})
		status, _, body := do(t, s, "POST", "/fulfillments.json", s.AccessToken(), string(b))
		return status, body
	}
	mug, book := fo.LineItems[0].ID, fo.LineItems[1].ID
	if status, body := post(mug, 3); status != 422 || !strings.Contains(body, "quantity") {
		t.Fatalf("3 of 2 mugs: %d %s", status, body)
	}
	if status, body := post(mug, 2); status != 201 {
		t.Fatalf("2 mugs: %d %s", status, body)
	}
	if status, body := post(book, 1); status != 201 {
		t.Fatalf("the book: %d %s", status, body)
	}
	_, _, body = do(t, s, "GET", "/orders/1001/fulfillment_orders.json", s.AccessToken(), "")
	if !strings.Contains(body, `"status":"closed"`) {
		t.Errorf("fulfilment order not closed: %s", body)
	}
	if status, body := post(book, 1); status != 422 || !strings.Contains(body, "unfulfillable") {
		t.Fatalf("after closing: %d %s", status, body)
	}
	if got := s.Fulfillments(1001); len(got) != 2 || got[0].TrackingNumber != "T1" {
		t.Errorf("fulfilments %+v", got)
	}
	if status, _, body := do(t, s, "POST", "/fulfillments.json", s.AccessToken(), `{}`); status != 400 ||
		!strings.Contains(body, "Required parameter missing or invalid") {
		t.Errorf("without a fulfillment: %d %s", status, body)
	}
}

func TestCountsAndFaults(t *testing.T) {
	s := newServer(t, shopifytest.Options{})
	s.Fail("GET", "/orders/1001.json", 1, shopifytest.ServerError)
	if status, _, _ := do(t, s, "GET", "/orders/1001.json", s.AccessToken(), ""); status != 500 {
		t.Errorf("injected 500: got %d", status)
	}
	if status, _, _ := do(t, s, "GET", "/orders/1001.json", s.AccessToken(), ""); status != 200 {
		t.Errorf("after the fault: got %d", status)
	}
	if n := s.Requests("GET", "/orders/{id}.json"); n != 2 {
		t.Errorf("counted %d requests, want 2", n)
	}
	if err := s.SetUpdatedAt(1001, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if body, _ := s.Order(1001); !strings.Contains(string(body), `"updated_at":"2026-11-02T10:30:00Z"`) {
		t.Errorf("updated_at not moved: %s", body)
	}
}
