package rest

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// DefaultTimeout bounds one call when Options.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// Options configures a Connector.
type Options struct {
	// Location is the id of the location, for errors.
	Location string
	// URL is the base URL of the location's API, http or https.
	// Instructions go to {URL}/instructions.
	URL string

	// Token, if set, is sent as a bearer token with every call.
	Token string
	// TokenURL, ClientID and ClientSecret, if set, get a bearer token with
	// the OAuth2 client credentials grant. The token is kept and renewed
	// shortly before it expires. Give these or Token, not both.
	TokenURL     string
	ClientID     string
	ClientSecret string

	// Secret is the key, shared with the location, that signs each body.
	Secret []byte

	// Timeout bounds one call, and one fetch of an OAuth2 token. The
	// default is DefaultTimeout.
	Timeout time.Duration
	// Client makes the calls. The default is a client that follows no
	// redirects, since the protocol has none.
	Client *http.Client
}

// withDefaults returns o checked, with its defaults filled in.
func (o Options) withDefaults() (Options, error) {
	if err := o.validate(); err != nil {
		return o, fmt.Errorf("rest: location %q: %w", o.Location, err)
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Client == nil {
		o.Client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
	}
	return o, nil
}

// validate names the first field of o that is wrong. It never quotes a
// URL, token or secret, which may hold credentials.
func (o Options) validate() error {
	oauth := o.TokenURL != "" || o.ClientID != "" || o.ClientSecret != ""
	switch {
	case o.Location == "":
		return errors.New("Options.Location is empty")
	case len(o.Secret) == 0:
		return errors.New("Options.Secret is empty; it signs every instruction")
	case o.Timeout < 0:
		return fmt.Errorf("Options.Timeout is %s; want a positive duration or 0 for %s",
			o.Timeout, DefaultTimeout)
	case o.Token != "" && oauth:
		return errors.New("Options.Token and the OAuth2 credentials are both set; give one")
	case oauth && (o.TokenURL == "" || o.ClientID == "" || o.ClientSecret == ""):
		return errors.New("OAuth2 needs Options.TokenURL, ClientID and ClientSecret")
	}
	if err := checkURL("Options.URL", o.URL); err != nil {
		return err
	}
	if oauth {
		return checkURL("Options.TokenURL", o.TokenURL)
	}
	return nil
}

// checkURL checks that raw, the value of field, is an absolute http or
// https URL.
func checkURL(field, raw string) error {
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		return fmt.Errorf("%s is empty", field)
	case err != nil:
		return fmt.Errorf("%s is not a valid URL", field)
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
		return fmt.Errorf("%s must be an absolute http or https URL", field)
	}
	return nil
}
