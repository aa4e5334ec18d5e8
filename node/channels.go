package node

import (
	"fmt"
	"net/http"
	"time"

	"github.com/ordo-oms/ordo/amazon"
	"github.com/ordo-oms/ordo/bol"
	"github.com/ordo-oms/ordo/channel"
	"github.com/ordo-oms/ordo/config"
	"github.com/ordo-oms/ordo/jobs"
	"github.com/ordo-oms/ordo/outbox"
	"github.com/ordo-oms/ordo/shopify"
	"github.com/ordo-oms/ordo/square"
)

// Channels are the configured channels' API clients.
type Channels struct {
	// Sources read orders, by channel id.
	Sources map[string]channel.Source
	// Outbox are the channels that are told of shipments, by channel id.
	Outbox map[string]outbox.Channel
	// Bol are the bol.com clients by channel id; they verify push
	// notifications with the keys bol publishes.
	Bol map[string]*bol.Client
	// Jobs are how each channel is polled and called.
	Jobs map[string]jobs.Channel
}

// client is what every channel connector is.
type client interface {
	channel.Source
	channel.Notifier
}

// connectChannels makes the API client of every channel that has an API.
// A Shopify channel without an access token takes webhooks only.
func connectChannels(cfg *config.Config) (*Channels, error) {
	cs := &Channels{Sources: map[string]channel.Source{}, Outbox: map[string]outbox.Channel{},
		Bol: map[string]*bol.Client{}, Jobs: map[string]jobs.Channel{}}
	for _, ch := range cfg.Channels {
		c, err := newClient(ch)
		if err != nil {
			return nil, fmt.Errorf("node: channel %s: %w", ch.ID, err)
		}
		if c == nil {
			continue
		}
		cs.Sources[ch.ID] = c
		cs.Outbox[ch.ID] = outbox.Channel{ID: ch.ID, Active: ch.Mode == "active", Notifier: c}
		if b, ok := c.(*bol.Client); ok {
			cs.Bol[ch.ID] = b
		}
		cs.Jobs[ch.ID] = jobs.Channel{Poll: time.Duration(*ch.Poll), Delivery: jobs.Delivery{
			Backoff: time.Second, MaxBackoff: 10 * time.Minute}}
	}
	return cs, nil
}

func newClient(ch config.Channel) (client, error) {
	a := ch.API
	hc := &http.Client{Timeout: time.Duration(a.Timeout)}
	switch ch.Kind {
	case "shopify":
		if ch.AccessToken == "" {
			return nil, nil
		}
		return shopify.NewAdmin(shopify.AdminOptions{ChannelID: ch.ID, ShopDomain: ch.ShopDomain,
			AccessToken: ch.AccessToken.Reveal(), BaseURL: a.BaseURL, HTTP: hc})
	case "bol":
		return bol.New(bol.Options{ChannelID: ch.ID, BaseURL: a.BaseURL, TokenURL: a.TokenURL,
			ClientID: a.ClientID, ClientSecret: a.ClientSecret.Reveal(), HTTP: hc})
	case "amazon":
		return amazon.New(amazon.Options{ChannelID: ch.ID, Endpoint: a.BaseURL,
			TokenURL: a.TokenURL, ClientID: a.ClientID, ClientSecret: a.ClientSecret.Reveal(),
			RefreshToken: a.RefreshToken.Reveal(), MarketplaceIDs: a.MarketplaceIDs, HTTP: hc})
	case "square":
		return square.New(square.Options{ChannelID: ch.ID, BaseURL: a.BaseURL,
			AccessToken: ch.AccessToken.Reveal(), LocationIDs: a.LocationIDs, HTTP: hc})
	}
	return nil, nil
}
