package loadtest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ordo-oms/ordo/shopify"
)

var uuidV4 = regexp.MustCompile(
	`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestSend(t *testing.T) {
	// The handler hands each request over; the client's Send returns only
	// after the handler has, so one slot is enough.
	requests := make(chan *http.Request, 1)
	bodies := make(chan []byte, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		requests <- r
		bodies <- body
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, `{"status":"queued"}`)
	}))
	defer srv.Close()
	s := &Sender{URL: srv.URL + "/", Secret: []byte("s3cret"),
		ShopDomain: "example-nl.myshopify.com", Client: NewClient(2)}
	d := Delivery{Topic: TopicOrdersCreate, EventID: "e-1", Body: []byte(`{"id":1}`)}

	t.Run("headers", func(t *testing.T) {
		status, latency, err := s.Send(context.Background(), d)
		if err != nil || status != http.StatusAccepted || latency <= 0 {
			t.Fatalf("Send = %d, %v, %v", status, latency, err)
		}
		got, gotBody := <-requests, <-bodies
		if got.Method != http.MethodPost || got.URL.Path != "/webhooks/shopify" {
			t.Errorf("request %s %s", got.Method, got.URL.Path)
		}
		want := map[string]string{
			"Content-Type":           "application/json",
			"X-Shopify-Topic":        "orders/create",
			"X-Shopify-Hmac-Sha256":  shopify.Sign([]byte("s3cret"), d.Body),
			"X-Shopify-Shop-Domain":  "example-nl.myshopify.com",
			"X-Shopify-Api-Version":  "2026-07",
			"X-Shopify-Event-Id":     "e-1",
			"X-Shopify-Webhook-Id":   got.Header.Get("X-Shopify-Webhook-Id"),
			"X-Shopify-Triggered-At": got.Header.Get("X-Shopify-Triggered-At"),
		}
		have := map[string]string{}
		for k := range want {
			have[k] = got.Header.Get(k)
		}
		if diff := cmp.Diff(want, have); diff != "" {
			t.Errorf("headers (-want +got):\n%s", diff)
		}
		if string(gotBody) != string(d.Body) {
			t.Errorf("body %s, want %s", gotBody, d.Body)
		}
		if !uuidV4.MatchString(have["X-Shopify-Webhook-Id"]) {
			t.Errorf("X-Shopify-Webhook-Id %q is not a UUID v4", have["X-Shopify-Webhook-Id"])
		}
		at, err := time.Parse(time.RFC3339Nano, have["X-Shopify-Triggered-At"])
		if err != nil || time.Since(at) > time.Minute {
			t.Errorf("X-Shopify-Triggered-At %q is not now", have["X-Shopify-Triggered-At"])
		}
	})
	t.Run("given webhook ID", func(t *testing.T) {
		d := d
		d.WebhookID = "w-7"
		if _, _, err := s.Send(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		<-bodies
		if id := (<-requests).Header.Get("X-Shopify-Webhook-Id"); id != "w-7" {
			t.Errorf("X-Shopify-Webhook-Id %q, want w-7", id)
		}
	})
	t.Run("new random webhook IDs", func(t *testing.T) {
		if a, b := newUUID(), newUUID(); a == b || !uuidV4.MatchString(a) {
			t.Errorf("newUUID gave %q and %q", a, b)
		}
		if id := derivedUUID("x", 1, 2); id != derivedUUID("x", 1, 2) || !uuidV4.MatchString(id) {
			t.Errorf("derivedUUID gave %q", id)
		}
	})
}

func TestSendTransportError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	s := &Sender{URL: srv.URL, Secret: []byte("k")}
	status, _, err := s.Send(context.Background(), Delivery{Topic: TopicOrdersCreate})
	if err == nil || status != 0 {
		t.Errorf("Send to a closed server = %d, %v; want an error", status, err)
	}
}
