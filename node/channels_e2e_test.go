package node_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/amazon/amazontest"
	"github.com/ordo-oms/ordo/bol/boltest"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/outbox"
	"github.com/ordo-oms/ordo/shopify/shopifytest"
	"github.com/ordo-oms/ordo/square/squaretest"
	"github.com/ordo-oms/ordo/store"
	"github.com/ordo-oms/ordo/store/storetest"
)

// sku is the SKU every channel's test order is for; addStock counts it.
const sku = "TEE-BLK-M"

// tracking is what a channel recorded of one shipment confirmation.
type tracking struct{ carrier, number string }

// party is one channel's fake API, as the channel tests drive it.
type party struct {
	kind string
	// channel configures Ordo's channel for the fake; api is Ordo's
	// listener, whose URL some channels sign.
	channel func(api *ordoAPI) config.Channel
	// place puts an order with the given id at the fake.
	place func(t testing.TB, id string)
	// notify tells Ordo of the order as the channel does.
	notify func(t testing.TB, api *ordoAPI, id string)
	// slowShip makes the next two shipment confirmations time out, the
	// first after the fake applied it, the second before.
	slowShip func(id string)
	// shipments returns the confirmations the fake holds for an order.
	shipments func(id string) []tracking
}

func TestEveryChannelGetsExactlyOneShipmentConfirmation(t *testing.T) {
	for name, newParty := range parties {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := newParty(t)
			api := listen(t)
			cfg := channelConfig(t, p.channel(api))
			db := storetest.Open(t, store.SQLite)
			n := startNode(t, cfg, db)
			api.serve(cfg, db, n)

			id := "E2E-" + name + "-1"
			p.place(t, id)
			p.slowShip(id)
			p.notify(t, api, id)

			var calls []outbox.Call
			eventually(t, 30*time.Second, "the shipment confirmed to the channel", func() (
				bool, string) {
				var err error
				calls, err = n.Outbox.Calls(context.Background(), outbox.Filter{})
				if err != nil {
					t.Fatal(err)
				}
				if len(calls) == 1 && calls[0].State == outbox.StateSent {
					return true, ""
				}
				var detail string
				_ = db.Read.QueryRow(`SELECT COALESCE(MAX(detail), '') FROM location_reports
					WHERE outcome = 'refused'`).Scan(&detail)
				return false, fmt.Sprintf("orders %v, calls: %s; refused report: %s",
					orderStatuses(t, db), describeCalls(calls), detail)
			})
			got := p.shipments(id)
			want := parcelTracking(t, db)
			if len(got) != 1 || got[0].number != want {
				t.Fatalf("the channel holds %+v; want exactly one confirmation with tracking %s",
					got, want)
			}
		})
	}
}

// channelConfig is the configuration of the channel tests: one simulated
// warehouse that ships in a moment, the rules of
// testdata/channels_rules.yaml, and the channel ch, active, whose calls
// time out after 300ms and are retried after a second.
func channelConfig(t testing.TB, ch config.Channel) *config.Config {
	t.Helper()
	rules, err := filepath.Abs(filepath.Join("testdata", "channels_rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Rules = rules
	cfg.Jobs.PollInterval = config.Duration(10 * time.Millisecond)
	cfg.Locations = []config.Location{{ID: warehouseID, Connector: "simulated", Mode: "active",
		Simulated: config.Simulated{HandlingTime: config.Duration(300 * time.Millisecond)}}}
	ch.Mode = "active"
	ch.API.Timeout = config.Duration(300 * time.Millisecond)
	if ch.Poll == nil {
		off := config.Duration(0)
		ch.Poll = &off
	}
	cfg.Channels = []config.Channel{ch}
	return cfg.WithDefaults()
}

// parcelTracking returns the tracking number of the one parcel shipped.
func parcelTracking(t testing.TB, db *store.DB) string {
	t.Helper()
	var number string
	if err := db.Read.QueryRow(`SELECT tracking_number FROM shipments`).Scan(&number); err != nil {
		t.Fatalf("the parcel shipped: %v", err)
	}
	return number
}

func describeCalls(calls []outbox.Call) string {
	var b bytes.Buffer
	for _, c := range calls {
		b.WriteString(string(c.State) + " " + c.Detail + "; ")
	}
	if b.Len() == 0 {
		return "no calls recorded"
	}
	return b.String()
}

// post sends a notification to Ordo and fails the test unless it is
// taken.
func post(t testing.TB, url string, body []byte, header http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		t.Fatalf("POST %s: %s: %s", url, resp.Status, b.String())
	}
}

// parties are the channels' fakes, each started for one test.
var parties = map[string]func(t testing.TB) *party{
	"bol": func(t testing.TB) *party {
		f := boltest.New(boltest.Options{})
		t.Cleanup(f.Close)
		return &party{
			kind: "bol",
			channel: func(*ordoAPI) config.Channel {
				return config.Channel{ID: "bol-nl", Kind: "bol", API: config.ChannelAPI{
					BaseURL: f.URL, TokenURL: f.TokenURL(), ClientID: f.ClientID,
					ClientSecret: config.Secret(f.ClientSecret)}}
			},
			place: func(t testing.TB, id string) {
				f.AddOrder(boltest.NewOrder(id, time.Now().UTC().Add(-time.Minute),
					boltest.Line{SKU: sku, Quantity: 1, UnitPrice: 1995}))
			},
			notify: func(t testing.TB, api *ordoAPI, id string) {
				body := f.PushBody(boltest.Event{Resource: "ORDER", Type: "NEW", ResourceID: id})
				name, value := f.SignPush(body)
				post(t, api.URL+"/webhooks/bol", body, http.Header{name: {value}})
			},
			slowShip: func(string) {
				f.Inject(boltest.RouteShip, 1, boltest.Fault{Kind: boltest.TimeoutAfter})
				f.Inject(boltest.RouteShip, 1, boltest.Fault{Kind: boltest.TimeoutBefore})
			},
			shipments: func(id string) []tracking {
				var out []tracking
				for _, s := range f.Shipments(id) {
					out = append(out, tracking{s.TransporterCode, s.TrackAndTrace})
				}
				return out
			},
		}
	},
	"amazon": func(t testing.TB) *party {
		f := amazontest.New(amazontest.Config{})
		t.Cleanup(f.Close)
		const key = "eventbridge-test-key"
		return &party{
			kind: "amazon",
			channel: func(*ordoAPI) config.Channel {
				return config.Channel{ID: "amazon-nl", Kind: "amazon", API: config.ChannelAPI{
					BaseURL: f.URL, TokenURL: f.TokenURL, ClientID: f.ClientID,
					ClientSecret:   config.Secret(f.ClientSecret),
					RefreshToken:   config.Secret(f.RefreshToken),
					MarketplaceIDs: []string{"A1805IZSGTT6HS"}, APIKey: key}}
			},
			place: func(t testing.TB, id string) {
				f.AddOrder(amazontest.NewOrder(id, []amazontest.Line{
					{SKU: sku, Quantity: 1, UnitPrice: 1995}}, time.Now().UTC().Add(-time.Hour)))
			},
			notify: func(t testing.TB, api *ordoAPI, id string) {
				body, err := f.OrderChangeEvent(id, "OrderStatusChange")
				if err != nil {
					t.Fatal(err)
				}
				post(t, api.URL+"/webhooks/amazon", body, http.Header{"X-Api-Key": {key}})
			},
			slowShip: func(string) {
				f.Inject(amazontest.OpConfirmShipment, 1,
					amazontest.Fault{Kind: amazontest.TimeoutAfter})
				f.Inject(amazontest.OpConfirmShipment, 1,
					amazontest.Fault{Kind: amazontest.TimeoutBefore})
			},
			shipments: func(id string) []tracking {
				var out []tracking
				for _, s := range f.Shipments(id) {
					out = append(out, tracking{s.CarrierCode, s.TrackingNumber})
				}
				return out
			},
		}
	},
	"shopify": func(t testing.TB) *party {
		const domain, secret = "e2e.myshopify.com", "shopify-test-secret"
		f := shopifytest.New(shopifytest.Options{})
		t.Cleanup(f.Close)
		ids := map[string]int64{}
		return &party{
			kind: "shopify",
			channel: func(*ordoAPI) config.Channel {
				return config.Channel{ID: "shop-nl", Kind: "shopify", ShopDomain: domain,
					Secret: secret, AccessToken: config.Secret(f.AccessToken()),
					API: config.ChannelAPI{BaseURL: f.URL()}}
			},
			place: func(t testing.TB, id string) {
				ids[id] = int64(len(ids) + 5001)
				o := shopifytest.NewOrder(ids[id], []shopifytest.Item{
					{SKU: sku, Quantity: 1, Price: 1995}}, time.Now().UTC().Add(-time.Hour))
				if err := f.AddOrder(o); err != nil {
					t.Fatal(err)
				}
			},
			notify: func(t testing.TB, api *ordoAPI, id string) {
				body, ok := f.Order(ids[id])
				if !ok {
					t.Fatalf("the fake shop has no order %s", id)
				}
				mac := hmac.New(sha256.New, []byte(secret))
				mac.Write(body)
				post(t, api.URL+"/webhooks/shopify", body, http.Header{
					"X-Shopify-Topic":       {"orders/create"},
					"X-Shopify-Shop-Domain": {domain},
					"X-Shopify-Webhook-Id":  {"webhook-" + id},
					"X-Shopify-Hmac-Sha256": {base64.StdEncoding.EncodeToString(mac.Sum(nil))},
				})
			},
			slowShip: func(string) {
				f.Fail(http.MethodPost, "/fulfillments.json", 1, shopifytest.TimeoutAfter)
				f.Fail(http.MethodPost, "/fulfillments.json", 1, shopifytest.TimeoutBefore)
			},
			shipments: func(id string) []tracking {
				var out []tracking
				for _, s := range f.Fulfillments(ids[id]) {
					out = append(out, tracking{s.TrackingCompany, s.TrackingNumber})
				}
				return out
			},
		}
	},
	"square": func(t testing.TB) *party {
		const token, key = "square-test-token", "square-signature-key"
		f := squaretest.New(token)
		t.Cleanup(f.Close)
		var url string
		return &party{
			kind: "square",
			channel: func(api *ordoAPI) config.Channel {
				url = api.URL + "/webhooks/pos/square"
				return config.Channel{ID: "square-us", Kind: "square", Secret: key,
					AccessToken: token, API: config.ChannelAPI{BaseURL: f.URL(),
						NotificationURL: url, LocationIDs: []string{squaretest.LocationID}}}
			},
			place: func(t testing.TB, id string) {
				f.AddOrder(squaretest.NewOrder(id, []squaretest.Item{
					{SKU: sku, Quantity: 1, UnitPrice: 1995}}, time.Now().UTC().Add(-time.Hour)))
			},
			notify: func(t testing.TB, api *ordoAPI, id string) {
				body, h, err := f.Webhook(id, "order.created", url, []byte(key))
				if err != nil {
					t.Fatal(err)
				}
				post(t, url, body, h)
			},
			slowShip: func(id string) {
				f.Inject(http.MethodPut, "/v2/orders/"+id, 1,
					squaretest.Fault{Kind: squaretest.TimeoutAfter})
				f.Inject(http.MethodPut, "/v2/orders/"+id, 1,
					squaretest.Fault{Kind: squaretest.TimeoutBefore})
			},
			shipments: func(id string) []tracking {
				var out []tracking
				for _, s := range f.Shipments(id) {
					out = append(out, tracking{s.Carrier, s.TrackingNumber})
				}
				return out
			},
		}
	},
}
