package bol

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/ordo-oms/ordo/channel"
)

// tokenMargin is how long before its expiry a token is replaced, so that a
// request never leaves with a token that expires on the way.
const tokenMargin = 30 * time.Second

// tokenCache holds the current access token and fetches a new one when it
// is about to expire or when the API refused it.
type tokenCache struct {
	channel string
	cfg     clientcredentials.Config
	http    *http.Client
	now     func() time.Time

	mu     sync.Mutex
	token  string
	expiry time.Time
}

func newTokenCache(o Options) *tokenCache {
	return &tokenCache{
		channel: o.ChannelID,
		cfg: clientcredentials.Config{
			ClientID:     o.ClientID,
			ClientSecret: o.ClientSecret,
			TokenURL:     o.TokenURL,
			AuthStyle:    oauth2.AuthStyleInHeader,
		},
		http: o.HTTP,
		now:  o.Now,
	}
}

// get returns a token valid for at least tokenMargin, fetching one if need
// be. Concurrent callers wait for one fetch rather than each making one.
func (t *tokenCache) get(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && t.now().Add(tokenMargin).Before(t.expiry) {
		return t.token, nil
	}
	asked := t.now()
	tok, err := t.cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, t.http))
	if err != nil {
		return "", t.fail(err)
	}
	t.token = tok.AccessToken
	t.expiry = tok.Expiry
	if tok.ExpiresIn > 0 {
		t.expiry = asked.Add(time.Duration(tok.ExpiresIn) * time.Second)
	}
	return t.token, nil
}

// drop forgets token, if it is still the current one, after the API
// refused it.
func (t *tokenCache) drop(token string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token == token {
		t.token = ""
	}
}

// fail turns a token endpoint error into Ordo's terms: a 4xx means the
// credentials are wrong, which retrying cannot mend; anything else may pass.
func (t *tokenCache) fail(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		status := re.Response.StatusCode
		if refused(status) {
			detail := re.ErrorCode
			if re.ErrorDescription != "" {
				detail += ": " + re.ErrorDescription
			}
			return fmt.Errorf("get access token: %w", &channel.PermanentError{
				Channel: t.channel, Status: status,
				Detail: cmp.Or(detail, http.StatusText(status))})
		}
		return fmt.Errorf("get access token: HTTP %d from the token endpoint", status)
	}
	return fmt.Errorf("get access token: %w", err)
}
