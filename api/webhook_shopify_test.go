package api_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/ordo-oms/ordo/ingest"
	"github.com/ordo-oms/ordo/loadtest"
	"github.com/ordo-oms/ordo/order"
	"github.com/ordo-oms/ordo/shopify"
	"github.com/ordo-oms/ordo/store"
)

func TestShopifyWebhook(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		t.Run("signed orders/create is recorded and validated", func(t *testing.T) {
			g := loadtest.NewGenerator(7, e.ShopDomain)
			g.Problems = 0
			gen := g.Next()
			res := e.webhook(t, "orders/create", gen.Body)
			if res.Outcome != ingest.Created || res.Duplicate {
				t.Fatalf("result = %+v, want outcome created, not a duplicate", res)
			}

			rec := e.order(t, res.OMSOrderID)
			if rec.ChannelID != testChannel || rec.OrderID != strconv.FormatInt(gen.ID, 10) {
				t.Errorf("order is %s/%s, want %s/%d", rec.ChannelID, rec.OrderID,
					testChannel, gen.ID)
			}
			rec = e.waitSettled(t, res.OMSOrderID)
			if rec.Status != order.StatusValidated {
				t.Fatalf("status = %q with hold reasons %+v, want validated",
					rec.Status, rec.HoldReasons)
			}
		})

		t.Run("newer unprefixed shopify headers are accepted", func(t *testing.T) {
			body := fixture(t, "shopify_order.json", map[string]any{"id": 5512345670777})
			req := e.shopifyRequest(t, "orders/create", uuid.NewString(), body)
			for _, name := range []string{"Topic", "Shop-Domain", "Hmac-Sha256", "Event-Id",
				"Webhook-Id", "Api-Version"} {
				req.Header.Set("Shopify-"+name, req.Header.Get("X-Shopify-"+name))
				req.Header.Del("X-Shopify-" + name)
			}
			res := wantResult(t, e.send(t, req), http.StatusOK)
			if res.Outcome != ingest.Created {
				t.Errorf("outcome = %q, want created", res.Outcome)
			}
		})

		t.Run("order with problems goes on hold with every reason", func(t *testing.T) {
			res := e.webhook(t, "orders/create", readFixture(t, "shopify_held.json"))
			if res.Outcome != ingest.Created {
				t.Fatalf("outcome = %q, want created", res.Outcome)
			}
			rec := e.waitSettled(t, res.OMSOrderID)
			if rec.Status != order.StatusOnHold {
				t.Fatalf("status = %q, want on_hold", rec.Status)
			}
			var codes []string
			for _, r := range rec.HoldReasons {
				codes = append(codes, r.Code)
				if r.Message == "" {
					t.Errorf("hold reason %+v has no message", r)
				}
			}
			slices.Sort(codes)
			if diff := cmp.Diff([]string{"bad_quantity", "unknown_currency"}, codes); diff != "" {
				t.Errorf("hold reason codes (-want +got):\n%s", diff)
			}

			t.Run("and is validated once the channel corrects it", func(t *testing.T) {
				fixed := fixture(t, "shopify_held.json", map[string]any{
					"currency":    "EUR",
					"updated_at":  "2026-03-02T15:05:00+01:00",
					"total_price": "19.95",
					"line_items": []map[string]any{{
						"id": 13512345670001, "sku": "MUG-WHITE", "title": "Mok wit",
						"quantity": 1, "requires_shipping": true, "price": "19.95",
					}},
				})
				upd := e.webhook(t, "orders/updated", fixed)
				if upd.OMSOrderID != res.OMSOrderID || upd.Outcome != ingest.Updated {
					t.Fatalf("result = %+v, want outcome updated of %s", upd, res.OMSOrderID)
				}
				rec := e.waitUntil(t, res.OMSOrderID, "validated",
					func(rec store.OrderRecord) bool {
						return rec.Status == order.StatusValidated
					})
				if len(rec.HoldReasons) != 0 || rec.Currency != "EUR" ||
					len(rec.Lines) != 1 || rec.Lines[0].Quantity != 1 {
					t.Errorf("validated order has hold reasons %+v, currency %q, lines %+v",
						rec.HoldReasons, rec.Currency, rec.Lines)
				}
			})
		})
	})
}

func TestShopifyWebhookRefused(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		body := readFixture(t, "shopify_order.json")
		tests := []struct {
			name   string
			modify func(*http.Request)
		}{
			{"forged signature", func(r *http.Request) {
				r.Header.Set("X-Shopify-Hmac-Sha256", shopify.Sign([]byte("not the secret"), body))
			}},
			{"missing signature", func(r *http.Request) {
				r.Header.Del("X-Shopify-Hmac-Sha256")
			}},
			{"unknown shop domain", func(r *http.Request) {
				r.Header.Set("X-Shopify-Shop-Domain", "other-shop.myshopify.com")
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name+" is refused and stores nothing", func(t *testing.T) {
				before, _ := e.metric(t, "ordo_webhook_signature_failures_total")
				req := e.shopifyRequest(t, "orders/create", uuid.NewString(), body)
				tt.modify(req)
				p := wantProblem(t, e.send(t, req), http.StatusUnauthorized)
				if p.QuarantineID != "" {
					t.Errorf("refused delivery was quarantined as %s", p.QuarantineID)
				}
				for _, table := range []string{"orders", "events", "personal_data",
					"quarantine", "inbox"} {
					if n := e.countRows(t, table); n != 0 {
						t.Errorf("%d rows in %s after a refused delivery, want 0", n, table)
					}
				}
				after, ok := e.metric(t, "ordo_webhook_signature_failures_total")
				if !ok || after != before+1 {
					t.Errorf("ordo_webhook_signature_failures_total went from %v to %v "+
						"(shown: %t), want an increase of 1", before, after, ok)
				}
			})
		}
	})
}

func TestShopifyWebhookQuarantine(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		tests := []struct {
			name  string
			topic string
			body  []byte
		}{
			{"body that is not JSON", "orders/create", []byte("<order id=\"1\"/>")},
			{"unhandled topic", "products/update", readFixture(t, "shopify_order.json")},
		}
		for _, tt := range tests {
			t.Run(tt.name+" is quarantined", func(t *testing.T) {
				req := e.shopifyRequest(t, tt.topic, uuid.NewString(), tt.body)
				p := wantProblem(t, e.send(t, req), http.StatusBadRequest)
				if p.QuarantineID == "" {
					t.Fatalf("problem %+v has no quarantine_id", p)
				}

				r := e.get(t, "/api/v1/quarantine")
				wantStatus(t, r, http.StatusOK)
				var doc struct {
					Deliveries []store.Quarantined `json:"deliveries"`
				}
				r.decode(t, &doc)
				i := slices.IndexFunc(doc.Deliveries, func(q store.Quarantined) bool {
					return q.ID == p.QuarantineID
				})
				if i < 0 {
					t.Fatalf("quarantine %s not listed in %s", p.QuarantineID, r.Body)
				}
				q := doc.Deliveries[i]
				if diff := cmp.Diff(string(tt.body), string(q.Body)); diff != "" {
					t.Errorf("quarantined body (-sent +kept):\n%s", diff)
				}
				if q.Source != testChannel || q.Reason != p.Detail {
					t.Errorf("quarantined source %q, reason %q; want %q, %q",
						q.Source, q.Reason, testChannel, p.Detail)
				}
				if got := q.Headers.Get("X-Shopify-Topic"); got != tt.topic {
					t.Errorf("quarantined X-Shopify-Topic = %q, want %q", got, tt.topic)
				}
				if sig := q.Headers.Values("X-Shopify-Hmac-Sha256"); len(sig) > 0 {
					t.Errorf("quarantine kept the signature header %q", sig)
				}
			})
		}
		t.Run("quarantine pages newest first", func(t *testing.T) {
			var first struct {
				Deliveries []store.Quarantined `json:"deliveries"`
			}
			r := e.get(t, "/api/v1/quarantine?limit=1")
			wantStatus(t, r, http.StatusOK)
			r.decode(t, &first)
			if len(first.Deliveries) != 1 || first.Deliveries[0].Source != testChannel {
				t.Fatalf("first page %s, want one delivery", r.Body)
			}
			var next struct {
				Deliveries []store.Quarantined `json:"deliveries"`
			}
			r = e.get(t, "/api/v1/quarantine?limit=10&before="+first.Deliveries[0].ID)
			wantStatus(t, r, http.StatusOK)
			r.decode(t, &next)
			if len(next.Deliveries) != 1 || next.Deliveries[0].ID >= first.Deliveries[0].ID {
				t.Errorf("page before %s is %s, want the one older delivery",
					first.Deliveries[0].ID, r.Body)
			}
		})

		t.Run("nothing but the quarantine is stored", func(t *testing.T) {
			for _, table := range []string{"orders", "events", "inbox"} {
				if n := e.countRows(t, table); n != 0 {
					t.Errorf("%d rows in %s, want 0", n, table)
				}
			}
		})
	})
}

func TestShopifyWebhookDuplicates(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		body := readFixture(t, "shopify_order.json")
		eventID := uuid.NewString()
		first := wantResult(t, e.send(t, e.shopifyRequest(t, "orders/create", eventID, body)),
			http.StatusOK)

		t.Run("a redelivery is acknowledged as a duplicate", func(t *testing.T) {
			dups, _ := e.metric(t, "ordo_duplicates_suppressed_total")
			req := e.shopifyRequest(t, "orders/create", eventID, body)
			again := wantResult(t, e.send(t, req), http.StatusOK)
			want := first
			want.Duplicate = true
			if diff := cmp.Diff(want, again); diff != "" {
				t.Errorf("second answer (-want +got):\n%s", diff)
			}
			if n := e.countRows(t, "orders"); n != 1 {
				t.Errorf("%d orders, want 1", n)
			}
			received := eventsOfType(e.events(t, first.OMSOrderID), order.EventReceived)
			if len(received) != 1 {
				t.Errorf("%d order.received events, want 1", len(received))
			}
			if after, _ := e.metric(t, "ordo_duplicates_suppressed_total"); after != dups+1 {
				t.Errorf("ordo_duplicates_suppressed_total went from %v to %v, want +1",
					dups, after)
			}
		})

		t.Run("same event id on another topic is not a duplicate", func(t *testing.T) {
			paid := fixture(t, "shopify_order.json", map[string]any{
				"financial_status": "paid",
				"updated_at":       "2026-03-02T14:10:00+01:00",
			})
			req := e.shopifyRequest(t, "orders/paid", eventID, paid)
			res := wantResult(t, e.send(t, req), http.StatusOK)
			if res.Duplicate || res.Outcome != ingest.Updated ||
				res.OMSOrderID != first.OMSOrderID {
				t.Fatalf("result = %+v, want outcome updated of %s, not a duplicate",
					res, first.OMSOrderID)
			}
			if rec := e.order(t, first.OMSOrderID); rec.Payment != order.PaymentPaid {
				t.Errorf("payment = %q, want paid", rec.Payment)
			}
		})
	})
}

func TestShopifyWebhookOutOfOrder(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		created := e.webhook(t, "orders/create", readFixture(t, "shopify_order.json"))
		newer := fixture(t, "shopify_order.json", map[string]any{
			"financial_status": "paid",
			"updated_at":       "2026-03-02T14:30:00+01:00",
		})
		older := fixture(t, "shopify_order.json", map[string]any{
			"financial_status": "pending",
			"updated_at":       "2026-03-02T14:20:00+01:00",
			"email":            "changed@example.nl",
		})

		res := e.webhook(t, "orders/updated", newer)
		if res.Outcome != ingest.Updated {
			t.Fatalf("newer update: outcome = %q, want updated", res.Outcome)
		}
		t.Run("an older update is stale and changes nothing", func(t *testing.T) {
			// Let validation finish, so that only the stale update could
			// change the order.
			before := e.waitSettled(t, created.OMSOrderID)
			res := e.webhook(t, "orders/updated", older)
			if res.Outcome != ingest.Stale || res.OMSOrderID != created.OMSOrderID {
				t.Fatalf("older update: result = %+v, want outcome stale of %s",
					res, created.OMSOrderID)
			}
			after := e.order(t, created.OMSOrderID)
			if after.Payment != order.PaymentPaid {
				t.Errorf("payment = %q, want paid from the newer update", after.Payment)
			}
			if after.Customer.Email != "anna.devries@example.nl" {
				t.Errorf("e-mail = %q, want the newer update's", after.Customer.Email)
			}
			if after.Version != before.Version {
				t.Errorf("version went from %d to %d on a stale update",
					before.Version, after.Version)
			}
		})
	})
}

func TestShopifyWebhookCancelled(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		cancel := map[string]any{
			"cancelled_at":  "2026-03-02T15:00:00+01:00",
			"cancel_reason": "customer",
			"updated_at":    "2026-03-02T15:00:01+01:00",
		}
		t.Run("cancelling a known order", func(t *testing.T) {
			created := e.webhook(t, "orders/create", readFixture(t, "shopify_order.json"))
			e.waitSettled(t, created.OMSOrderID)
			res := e.webhook(t, "orders/cancelled",
				fixture(t, "shopify_order.json", cancel))
			if res.OMSOrderID != created.OMSOrderID || res.Status != order.StatusCancelled {
				t.Fatalf("result = %+v, want %s cancelled", res, created.OMSOrderID)
			}
			if rec := e.order(t, created.OMSOrderID); rec.Status != order.StatusCancelled {
				t.Errorf("status = %q, want cancelled", rec.Status)
			}
			events := e.events(t, created.OMSOrderID)
			if n := len(eventsOfType(events, order.EventCancelled)); n != 1 {
				t.Errorf("%d order.cancelled events, want 1", n)
			}
		})

		t.Run("an order first seen cancelled", func(t *testing.T) {
			set := map[string]any{"id": 5512345679999}
			for k, v := range cancel {
				set[k] = v
			}
			res := e.webhook(t, "orders/cancelled", fixture(t, "shopify_order.json", set))
			if res.Outcome != ingest.Created || res.Status != order.StatusCancelled {
				t.Fatalf("result = %+v, want created and cancelled", res)
			}
			if rec := e.order(t, res.OMSOrderID); rec.Status != order.StatusCancelled {
				t.Errorf("status = %q, want cancelled", rec.Status)
			}
		})
	})
}

func TestShopifyWebhookConcurrentDeliveries(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		const n = 64
		g := loadtest.NewGenerator(11, e.ShopDomain)
		g.Problems = 0
		body := g.Next().Body
		eventID := uuid.NewString()

		results := e.sendAtOnce(t, n, func() *http.Request {
			return e.shopifyRequest(t, "orders/create", eventID, body)
		})

		ids := map[string]int{}
		firsts := 0
		for _, r := range results {
			res := wantResult(t, r, http.StatusOK)
			ids[res.OMSOrderID]++
			if !res.Duplicate {
				firsts++
			}
		}
		if len(ids) != 1 || firsts != 1 {
			t.Errorf("answers name orders %v with %d not marked duplicate; "+
				"want one order and one first delivery", ids, firsts)
		}
		if got := e.countRows(t, "orders"); got != 1 {
			t.Errorf("%d orders, want 1", got)
		}
		for id := range ids {
			received := eventsOfType(e.events(t, id), order.EventReceived)
			if len(received) != 1 {
				t.Errorf("%d order.received events, want 1", len(received))
			}
		}
	})
}

func TestShopifyWebhookTrace(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		const (
			traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
			traceID     = "4bf92f3577b34da6a3ce929d0e0e4736"
		)
		req := e.shopifyRequest(t, "orders/create", uuid.NewString(),
			readFixture(t, "shopify_order.json"))
		req.Header.Set("traceparent", traceparent)
		res := wantResult(t, e.send(t, req), http.StatusOK)

		t.Run("order.received carries the caller's trace id", func(t *testing.T) {
			received := eventsOfType(e.events(t, res.OMSOrderID), order.EventReceived)
			if len(received) != 1 {
				t.Fatalf("%d order.received events, want 1", len(received))
			}
			if got := received[0].Meta.TraceID; got != traceID {
				t.Errorf("meta.trace_id = %q, want %q", got, traceID)
			}
		})

		t.Run("the validation job continues the trace", func(t *testing.T) {
			e.waitSettled(t, res.OMSOrderID)
			validated := eventsOfType(e.events(t, res.OMSOrderID), order.EventValidated)
			if len(validated) != 1 {
				t.Fatalf("%d order.validated events, want 1", len(validated))
			}
			if got := validated[0].Meta.TraceID; got != traceID {
				t.Errorf("meta.trace_id = %q, want %q", got, traceID)
			}
		})
	})
}

func TestShopifyWebhookBodyTooLarge(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, e *testEnv) {
		body := fixture(t, "shopify_order.json", map[string]any{
			"note": strings.Repeat("x", maxBody),
		})
		req := e.shopifyRequest(t, "orders/create", uuid.NewString(), body)
		wantProblem(t, e.send(t, req), http.StatusRequestEntityTooLarge)
		for _, table := range []string{"orders", "quarantine", "inbox"} {
			if n := e.countRows(t, table); n != 0 {
				t.Errorf("%d rows in %s after a refused delivery, want 0", n, table)
			}
		}
	})
}
