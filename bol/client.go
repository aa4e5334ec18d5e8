package bol

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// The bol.com endpoints and the media type of version 10 of the API.
const (
	DefaultBaseURL  = "https://api.bol.com"
	DefaultTokenURL = "https://login.bol.com/token"
	mediaType       = "application/vnd.retailer.v10+json"
)

// Options configure a Client. ChannelID, ClientID and ClientSecret are
// required; every other field has a default.
type Options struct {
	// ChannelID names the channel in Ordo's configuration, such as "bol-nl".
	ChannelID string
	// BaseURL is the API's address, DefaultBaseURL unless set.
	BaseURL string
	// TokenURL is the OAuth2 token endpoint, DefaultTokenURL unless set.
	TokenURL string
	// ClientID and ClientSecret are the API credentials from bol.com's
	// seller dashboard. They are never logged or put in errors.
	ClientID     string
	ClientSecret string
	// HTTP sends the requests; a client with a 30-second timeout unless set.
	HTTP *http.Client
	// FulfilmentMethod selects the orders Changed reads: FBR (the default),
	// FBB or ALL.
	FulfilmentMethod string
	// Now is the clock, time.Now unless set.
	Now func() time.Time

	// PollInterval is the wait between two reads of a process status, one
	// second unless set.
	PollInterval time.Duration
	// PollAttempts is how often Ship and Cancel read a process status before
	// giving up on a PENDING one, 30 unless set.
	PollAttempts int
	// MaxRetryWait caps the wait a 429's Retry-After asks for, 30 seconds
	// unless set.
	MaxRetryWait time.Duration
}

// Client talks to bol.com's Retailer API for one seller account. It is safe
// for concurrent use. It implements channel.Source, channel.Notifier and
// channel.Canceller.
type Client struct {
	opts   Options
	tokens *tokenCache
	keys   *keyCache
}

// fulfilmentMethods are the values GET /retailer/orders accepts.
var fulfilmentMethods = []string{"FBR", "FBB", "ALL"}

// New returns a Client for opts, or an error naming the first field that
// is missing or wrong.
func New(opts Options) (*Client, error) {
	if err := opts.withDefaults(); err != nil {
		return nil, err
	}
	return &Client{opts: opts, tokens: newTokenCache(opts), keys: &keyCache{}}, nil
}

// withDefaults fills in the unset fields of o and validates the rest.
func (o *Options) withDefaults() error {
	switch {
	case strings.TrimSpace(o.ChannelID) == "":
		return errors.New("bol: Options.ChannelID is empty")
	case o.ClientID == "":
		return errors.New("bol: Options.ClientID is empty")
	case o.ClientSecret == "":
		return errors.New("bol: Options.ClientSecret is empty")
	}
	o.BaseURL = cmp.Or(o.BaseURL, DefaultBaseURL)
	o.TokenURL = cmp.Or(o.TokenURL, DefaultTokenURL)
	for _, f := range []struct{ name, v string }{{"BaseURL", o.BaseURL}, {"TokenURL", o.TokenURL}} {
		if u, err := url.Parse(f.v); err != nil || u.Scheme == "" || u.Host == "" {
			return fmt.Errorf("bol: Options.%s %q is not an absolute URL", f.name, f.v)
		}
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	o.FulfilmentMethod = strings.ToUpper(cmp.Or(o.FulfilmentMethod, "FBR"))
	if !slices.Contains(fulfilmentMethods, o.FulfilmentMethod) {
		return fmt.Errorf("bol: Options.FulfilmentMethod %q is not one of %v",
			o.FulfilmentMethod, fulfilmentMethods)
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.PollAttempts <= 0 {
		o.PollAttempts = 30
	}
	if o.MaxRetryWait <= 0 {
		o.MaxRetryWait = 30 * time.Second
	}
	return nil
}

// The Client is a channel's source of orders, the notifier of its
// shipments and the one that confirms its customers' cancellations.
var (
	_ channel.Source    = (*Client)(nil)
	_ channel.Notifier  = (*Client)(nil)
	_ channel.Canceller = (*Client)(nil)
)
