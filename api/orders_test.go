package api_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/store"
)

func TestCreateOrder(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		body := readFixture(t, "order.json")
		key := uuid.NewString()
		var created ingest.Result

		t.Run("valid order is created and validated", func(t *testing.T) {
			r := e.postOrder(t, key, body)
			created = wantResult(t, r, http.StatusCreated)
			if created.Outcome != ingest.Created || created.Duplicate {
				t.Fatalf("result = %+v, want outcome created, not a duplicate", created)
			}
			if loc := r.Header.Get("Location"); loc != "/api/v1/orders/"+created.OMSOrderID {
				t.Errorf("Location = %q, want the order's URL", loc)
			}
			if got := r.Header.Get("Idempotent-Replayed"); got != "" {
				t.Errorf("first answer has Idempotent-Replayed: %q", got)
			}
			rec := e.waitSettled(t, created.OMSOrderID)
			if rec.Status != order.StatusValidated {
				t.Fatalf("status = %q with hold reasons %+v, want validated",
					rec.Status, rec.HoldReasons)
			}
			if rec.ChannelID != "api" || rec.OrderID != "API-1001" ||
				rec.Customer.Shipping.Postcode != "1012 AB" {
				t.Errorf("order %s/%s with postcode %q, want api/API-1001 with 1012 AB",
					rec.ChannelID, rec.OrderID, rec.Customer.Shipping.Postcode)
			}
		})
		if created.OMSOrderID == "" {
			t.FailNow()
		}

		t.Run("same key and body replay the first result", func(t *testing.T) {
			r := e.postOrder(t, key, body)
			again := wantResult(t, r, http.StatusCreated)
			want := created
			want.Duplicate = true
			if diff := cmp.Diff(want, again); diff != "" {
				t.Errorf("replayed result (-want +got):\n%s", diff)
			}
			if got := r.Header.Get("Idempotent-Replayed"); got != "true" {
				t.Errorf("Idempotent-Replayed = %q, want true", got)
			}
			if n := e.countRows(t, "orders"); n != 1 {
				t.Errorf("%d orders, want 1", n)
			}
		})

		t.Run("same key with another body is a conflict", func(t *testing.T) {
			other := fixture(t, "order.json", map[string]any{"name": "#API1001-B"})
			p := wantProblem(t, e.postOrder(t, key, other), http.StatusConflict)
			if !strings.Contains(p.Detail, "different") || !strings.Contains(p.Detail, key) {
				t.Errorf("detail %q does not say key %s was used for a different body",
					p.Detail, key)
			}
			if rec := e.order(t, created.OMSOrderID); rec.Name != "#API1001" {
				t.Errorf("name = %q after a refused request, want #API1001", rec.Name)
			}
		})

		for _, bad := range []struct{ name, key string }{
			{"missing Idempotency-Key", ""},
			{"Idempotency-Key over 255 characters", strings.Repeat("k", 256)},
		} {
			t.Run(bad.name+" is refused", func(t *testing.T) {
				body := fixture(t, "order.json", map[string]any{"order_id": "API-NOKEY"})
				wantProblem(t, e.postOrder(t, bad.key, body), http.StatusBadRequest)
				if n := e.countRows(t, "orders"); n != 1 {
					t.Errorf("%d orders, want 1", n)
				}
			})
		}

		t.Run("unknown channel is refused", func(t *testing.T) {
			body := fixture(t, "order.json", map[string]any{
				"order_id": "API-CHAN", "channel_id": "no-such-channel"})
			wantProblem(t, e.postOrder(t, uuid.NewString(), body), http.StatusBadRequest)
		})

		malformed := []struct {
			name string
			body []byte
		}{
			{"unknown field", fixture(t, "order.json", map[string]any{"colour": "red"})},
			{"trailing garbage", append(readFixture(t, "order.json"), "}garbage"...)},
		}
		for _, tt := range malformed {
			t.Run(tt.name+" is quarantined", func(t *testing.T) {
				p := wantProblem(t, e.postOrder(t, uuid.NewString(), tt.body),
					http.StatusBadRequest)
				if p.QuarantineID == "" {
					t.Fatalf("problem %+v has no quarantine_id", p)
				}
				q := quarantined(t, e, p.QuarantineID)
				if string(q.Body) != string(tt.body) || q.Reason != p.Detail {
					t.Errorf("quarantined %q for %q; want the body sent for %q",
						q.Body, q.Reason, p.Detail)
				}
				if auth := q.Headers.Values("Authorization"); len(auth) > 0 {
					t.Errorf("quarantine kept the bearer token: %q", auth)
				}
			})
		}

		t.Run("unknown order is not found", func(t *testing.T) {
			wantProblem(t, e.get(t, "/api/v1/orders/"+uuid.NewString()), http.StatusNotFound)
			wantProblem(t, e.get(t, "/api/v1/orders/"+uuid.NewString()+"/events"),
				http.StatusNotFound)
		})
	})
}

// quarantined returns the quarantined delivery with the given id.
func quarantined(t testing.TB, e *testEnv, id string) store.Quarantined {
	t.Helper()
	r := e.get(t, "/api/v1/quarantine")
	wantStatus(t, r, http.StatusOK)
	var doc struct {
		Deliveries []store.Quarantined `json:"deliveries"`
	}
	r.decode(t, &doc)
	for _, q := range doc.Deliveries {
		if q.ID == id {
			return q
		}
	}
	t.Fatalf("quarantine %s not listed in %s", id, r.Body)
	return store.Quarantined{}
}

func TestCreateOrderConcurrent(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		const n = 64
		body := readFixture(t, "order.json")
		key := uuid.NewString()

		results := e.sendAtOnce(t, n, func() *http.Request { return e.orderRequest(t, key, body) })

		ids := map[string]int{}
		replayed := 0
		for _, r := range results {
			res := wantResult(t, r, http.StatusCreated)
			ids[res.OMSOrderID]++
			if r.Header.Get("Idempotent-Replayed") == "true" {
				replayed++
				if !res.Duplicate {
					t.Errorf("replayed answer %s is not marked duplicate", r.Body)
				}
			}
		}
		if len(ids) != 1 || replayed != n-1 {
			t.Errorf("answers name orders %v, %d replayed; want one order, %d replayed",
				ids, replayed, n-1)
		}
		if got := e.countRows(t, "orders"); got != 1 {
			t.Errorf("%d orders, want 1", got)
		}
	})
}

func TestListOrders(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		// 25 orders: every fifth from the Shopify channel, one on hold.
		var all, shop []string
		var held string
		for i := range 25 {
			var res ingest.Result
			switch {
			case i%5 == 4:
				res = e.webhook(t, "orders/create", fixture(t, "shopify_order.json",
					map[string]any{"id": 5512345600000 + i}))
				shop = append(shop, res.OMSOrderID)
			case i == 7:
				body := fixture(t, "order.json", map[string]any{
					"order_id": fmt.Sprintf("API-%d", i), "currency": "XYZ"})
				res = wantResult(t, e.postOrder(t, uuid.NewString(), body), http.StatusCreated)
				held = res.OMSOrderID
			default:
				body := fixture(t, "order.json", map[string]any{
					"order_id": fmt.Sprintf("API-%d", i)})
				res = wantResult(t, e.postOrder(t, uuid.NewString(), body), http.StatusCreated)
			}
			all = append(all, res.OMSOrderID)
		}

		t.Run("pages hold every order once in received order", func(t *testing.T) {
			ids, pages := e.listAll(t, url.Values{"limit": {"10"}})
			if diff := cmp.Diff(all, ids); diff != "" {
				t.Errorf("listed ids (-created +listed):\n%s", diff)
			}
			if diff := cmp.Diff([]int{10, 10, 5}, pages); diff != "" {
				t.Errorf("page sizes (-want +got):\n%s", diff)
			}
		})

		t.Run("channel filter", func(t *testing.T) {
			ids, _ := e.listAll(t, url.Values{"channel": {testChannel}, "limit": {"2"}})
			if diff := cmp.Diff(shop, ids); diff != "" {
				t.Errorf("orders of %s (-want +got):\n%s", testChannel, diff)
			}
		})

		t.Run("status filter", func(t *testing.T) {
			for _, id := range all {
				e.waitSettled(t, id)
			}
			ids, _ := e.listAll(t, url.Values{"status": {"on_hold"}})
			if diff := cmp.Diff([]string{held}, ids); diff != "" {
				t.Errorf("orders on hold (-want +got):\n%s", diff)
			}
			ids, _ = e.listAll(t, url.Values{"status": {"validated"}, "limit": {"7"}})
			if len(ids) != len(all)-1 {
				t.Errorf("%d validated orders, want %d", len(ids), len(all)-1)
			}
		})

		t.Run("received_after filter", func(t *testing.T) {
			tenth := e.order(t, all[9])
			after := tenth.ReceivedAt.Format("2006-01-02T15:04:05.999999999Z07:00")
			ids, _ := e.listAll(t, url.Values{"received_after": {after}})
			if diff := cmp.Diff(all[10:], ids); diff != "" {
				t.Errorf("orders received after the tenth (-want +got):\n%s", diff)
			}
		})

		bad := []struct{ name, query string }{
			{"cursor that is not base64", "cursor=%21%21%21"},
			{"cursor not made by a listing", "cursor=" +
				base64.RawURLEncoding.EncodeToString([]byte("yesterday:x"))},
			{"received_after not RFC 3339", "received_after=2026-03-02+10:00"},
			{"received_before not RFC 3339", "received_before=yesterday"},
			{"unknown status", "status=lost"},
			{"limit out of range", "limit=0"},
		}
		for _, tt := range bad {
			t.Run(tt.name+" is refused", func(t *testing.T) {
				wantProblem(t, e.get(t, "/api/v1/orders?"+tt.query), http.StatusBadRequest)
			})
		}
	})
}

// listAll follows next_cursor through every page of GET /api/v1/orders with
// the given query, and returns the ids listed and the size of each page.
func (e *testEnv) listAll(t testing.TB, q url.Values) (ids []string, pages []int) {
	t.Helper()
	seen := map[string]bool{}
	for {
		r := e.get(t, "/api/v1/orders?"+q.Encode())
		wantStatus(t, r, http.StatusOK)
		var page struct {
			Orders     []store.OrderRecord `json:"orders"`
			NextCursor string              `json:"next_cursor"`
		}
		r.decode(t, &page)
		pages = append(pages, len(page.Orders))
		for _, o := range page.Orders {
			if seen[o.OMSOrderID] {
				t.Fatalf("order %s listed twice", o.OMSOrderID)
			}
			if o.Customer != (order.Customer{}) {
				t.Errorf("listing shows personal data of %s: %+v", o.OMSOrderID, o.Customer)
			}
			seen[o.OMSOrderID] = true
			ids = append(ids, o.OMSOrderID)
		}
		if page.NextCursor == "" {
			return ids, pages
		}
		if len(pages) > 100 {
			t.Fatalf("more than 100 pages")
		}
		q.Set("cursor", page.NextCursor)
	}
}

func TestCreateOrderBodyTooLarge(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		body := fixture(t, "order.json", map[string]any{"name": strings.Repeat("x", maxBody)})
		wantProblem(t, e.postOrder(t, uuid.NewString(), body), http.StatusRequestEntityTooLarge)
		for _, table := range []string{"orders", "quarantine", "inbox"} {
			if n := e.countRows(t, table); n != 0 {
				t.Errorf("%d rows in %s after a refused request, want 0", n, table)
			}
		}
	})
}
