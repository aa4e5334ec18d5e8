package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	mrand "math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/ordo-oms/ordo/amazon/amazontest"
	"github.com/ordo-oms/ordo/bol/boltest"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/loadtest"
	"github.com/ordo-oms/ordo/outbox"
	"github.com/ordo-oms/ordo/pos"
	"github.com/ordo-oms/ordo/store"
)

// The demo's channels besides its Shopify store, and the shop whose till
// sells over the counter.
const (
	demoBol    = "demo-bol"
	demoAmazon = "demo-amazon"
	demoTill   = "demo-till"
	demoStore  = "store-ams01"
	// demoMarketplace is Amazon.nl.
	demoMarketplace = "A1805IZSGTT6HS"
	// demoPoll is how often the demo asks bol.com and Amazon for orders
	// that no notification announced.
	demoPoll = 10 * time.Second
)

// demoChannels are the demo's marketplaces and till. bol.com and Amazon
// are local servers that speak the parties' APIs: Ordo reads their orders
// and confirms shipments to them as it would to the real ones. The till
// posts signed sales that leave the shop with the customer.
type demoChannels struct {
	bol    *boltest.Server
	amazon *amazontest.Server
	apiKey string
	till   string

	mu     sync.Mutex
	placed map[string]int
	failed int
}

// startDemoChannels starts the marketplaces' servers; Close stops them.
func startDemoChannels() (*demoChannels, error) {
	keys := make([]byte, 32)
	if _, err := rand.Read(keys); err != nil {
		return nil, fmt.Errorf("demo: channel secrets: %w", err)
	}
	return &demoChannels{bol: boltest.New(boltest.Options{}),
		amazon: amazontest.New(amazontest.Config{}), apiKey: hex.EncodeToString(keys[:16]),
		till: hex.EncodeToString(keys[16:]), placed: map[string]int{}}, nil
}

// Close stops the marketplaces' servers.
func (d *demoChannels) Close() {
	d.bol.Close()
	d.amazon.Close()
}

// config returns the channels as Ordo's configuration names them; the
// marketplaces are active, so shipments are confirmed to them.
func (d *demoChannels) config() []config.Channel {
	poll := config.Duration(demoPoll)
	return []config.Channel{
		{ID: demoBol, Kind: "bol", Mode: "active", Poll: &poll, API: config.ChannelAPI{
			BaseURL: d.bol.URL, TokenURL: d.bol.TokenURL(), ClientID: d.bol.ClientID,
			ClientSecret: config.Secret(d.bol.ClientSecret)}},
		{ID: demoAmazon, Kind: "amazon", Mode: "active", Poll: &poll, API: config.ChannelAPI{
			BaseURL: d.amazon.URL, TokenURL: d.amazon.TokenURL, ClientID: d.amazon.ClientID,
			ClientSecret:   config.Secret(d.amazon.ClientSecret),
			RefreshToken:   config.Secret(d.amazon.RefreshToken),
			MarketplaceIDs: []string{demoMarketplace}, APIKey: config.Secret(d.apiKey)}},
		{ID: demoTill, Kind: "pos", Secret: config.Secret(d.till)},
	}
}

// demoSKUs are the SKUs the channels sell: all but the sneakers, which
// are short.
func demoSKUs() []string {
	return slices.DeleteFunc(slices.Sorted(maps.Keys(loadtest.SKUs())),
		func(sku string) bool { return product(sku) == "SNEAKER" })
}

// send places n orders on each channel, spread over d, and announces them
// to Ordo at url as each party does: bol.com pushes, Amazon's
// EventBridge posts, the till posts the sale. One in three marketplace
// orders is not announced, as when a notification is lost, and is found
// by the poll; Amazon's are placed a few minutes back, since its API
// lists only orders older than two minutes.
func (d *demoChannels) send(ctx context.Context, url string, n int, over time.Duration,
	rng *mrand.Rand) {
	skus := demoSKUs()
	lines := func() []boltest.Line {
		out := make([]boltest.Line, 1+rng.IntN(2))
		for i := range out {
			out[i] = boltest.Line{SKU: skus[rng.IntN(len(skus))], Quantity: 1 + rng.IntN(2),
				UnitPrice: int64(1495 + 500*rng.IntN(8))}
		}
		return out
	}
	tick := time.NewTicker(max(over/time.Duration(max(n, 1)), 10*time.Millisecond))
	defer tick.Stop()
	for i := range n {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		announce := i%3 != 2
		d.note(demoBol, d.placeBol(ctx, url, fmt.Sprintf("D%09d", 100+i), lines(), announce))
		d.note(demoAmazon, d.placeAmazon(ctx, url, fmt.Sprintf("405-%07d-%07d", 100+i, i),
			lines(), announce))
		d.note(demoTill, d.sell(ctx, url, fmt.Sprintf("AMS01-R1-%06d", i+1), lines()))
	}
}

// note counts an order placed on channel, or a failure to announce it.
func (d *demoChannels) note(channel string, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.placed[channel]++
	if err != nil {
		d.failed++
	}
}

func (d *demoChannels) placeBol(ctx context.Context, url, id string, lines []boltest.Line,
	announce bool) error {
	d.bol.AddOrder(boltest.NewOrder(id, time.Now().UTC().Add(-time.Minute), lines...))
	if !announce {
		return nil
	}
	body := d.bol.PushBody(boltest.Event{Resource: "ORDER", Type: "NEW", ResourceID: id})
	name, value := d.bol.SignPush(body)
	return post(ctx, url+"/webhooks/bol", body, http.Header{name: {value}})
}

func (d *demoChannels) placeAmazon(ctx context.Context, url, id string, lines []boltest.Line,
	announce bool) error {
	items := make([]amazontest.Line, len(lines))
	for i, l := range lines {
		items[i] = amazontest.Line{SKU: l.SKU, Quantity: int64(l.Quantity), UnitPrice: l.UnitPrice}
	}
	o := amazontest.NewOrder(id, items, time.Now().UTC().Add(-3*time.Minute))
	o.MarketplaceID = demoMarketplace
	d.amazon.AddOrder(o)
	if !announce {
		return nil
	}
	body, err := d.amazon.OrderChangeEvent(id, "OrderStatusChange")
	if err != nil {
		return err
	}
	return post(ctx, url+"/webhooks/amazon", body, http.Header{"X-Api-Key": {d.apiKey}})
}

// sell posts a sale that the customer carries out of the shop, as
// pos's documented JSON, signed as a till signs it.
func (d *demoChannels) sell(ctx context.Context, url, id string, lines []boltest.Line) error {
	type line struct {
		LineID    string `json:"line_id"`
		SKU       string `json:"sku"`
		Quantity  int    `json:"quantity"`
		UnitPrice int64  `json:"unit_price"`
		Tax       int64  `json:"tax"`
	}
	sale := map[string]any{"sale_id": id, "store": demoStore, "register": "R1",
		"sold_at": time.Now().UTC(), "currency": "EUR", "fulfilment": pos.CarryOut,
		"taxes_included": true, "payment": "paid"}
	var ls []line
	var total, tax int64
	for i, l := range lines {
		gross := l.UnitPrice * int64(l.Quantity)
		ls = append(ls, line{LineID: fmt.Sprint(i + 1), SKU: l.SKU, Quantity: l.Quantity,
			UnitPrice: l.UnitPrice, Tax: gross * 21 / 121})
		total += gross
		tax += gross * 21 / 121
	}
	sale["lines"] = ls
	sale["totals"] = map[string]int64{"tax": tax, "discount": 0, "shipping": 0, "total": total}
	body, err := json.Marshal(sale)
	if err != nil {
		return err
	}
	return post(ctx, url+"/webhooks/pos?channel="+demoTill, body,
		pos.Sign([]byte(d.till), body, time.Now()))
}

// post sends one notification and fails unless Ordo takes it.
func post(ctx context.Context, url string, body []byte, h http.Header) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	maps.Copy(req.Header, h)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("POST %s: %s", url, resp.Status)
	}
	return nil
}

// failures returns how many orders could not be announced to Ordo.
func (d *demoChannels) failures() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return int64(d.failed)
}

// arrived reports whether every order placed on the channels is in Ordo,
// and every confirmation to them is sent or refused.
func (d *demoChannels) arrived(ctx context.Context, a *app) (bool, error) {
	counts, err := store.CountByChannel(ctx, a.db.Read)
	if err != nil {
		return false, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for ch, n := range d.placed {
		if counts[ch] < n {
			return false, nil
		}
	}
	calls, err := a.node.Outbox.Count(ctx)
	if err != nil {
		return false, err
	}
	for k, n := range calls {
		if outbox.State(k[1]) == outbox.StatePending && n > 0 {
			return false, nil
		}
	}
	return true, nil
}

// explain prints, per channel, the orders Ordo has from it and the
// shipment confirmations it sent back, and what the marketplaces hold.
func (d *demoChannels) explain(ctx context.Context, a *app, w io.Writer) error {
	counts, err := store.CountByChannel(ctx, a.db.Read)
	if err != nil {
		return err
	}
	calls, err := a.node.Outbox.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nChannels:")
	for _, ch := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(w, "  %-12s %4d orders", ch, counts[ch])
		if sent := calls[[2]string{ch, string(outbox.StateSent)}]; sent > 0 {
			fmt.Fprintf(w, " · %d shipment confirmations sent", sent)
		}
		if refused := calls[[2]string{ch, string(outbox.StateRefused)}]; refused > 0 {
			fmt.Fprintf(w, " · %d refused", refused)
		}
		if shadow := calls[[2]string{ch, string(outbox.StateShadow)}]; shadow > 0 {
			fmt.Fprintf(w, " · %d recorded in shadow", shadow)
		}
		fmt.Fprintln(w)
	}
	marks, err := a.node.Pull.Marks(ctx)
	if err != nil {
		return err
	}
	for _, m := range marks {
		fmt.Fprintf(w, "  %s last polled at %s: %d orders listed\n", m.ChannelID,
			m.PolledAt.Local().Format(time.TimeOnly), m.Seen)
	}
	fmt.Fprintln(w, "  calls to the channels: GET /api/v1/channel-calls")
	return nil
}
