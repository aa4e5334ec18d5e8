package amazon

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/ordo-oms/ordo/channel"
)

// tokenMargin is how long before its expiry an access token is renewed.
const tokenMargin = time.Minute

// tokenSource logs in with Amazon and caches the access token.
type tokenSource struct {
	channelID    string
	url          string
	clientID     string
	clientSecret string
	refreshToken string
	http         *http.Client
	now          func() time.Time

	mu      sync.Mutex
	token   string
	expires time.Time
}

// lwaAnswer is the token endpoint's answer, success or error.
type lwaAnswer struct {
	AccessToken      string `json:"access_token"`
	TokenType        string `json:"token_type"`
	ExpiresIn        int64  `json:"expires_in"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}

// get returns a valid access token, logging in when none is cached or the
// cached one is about to expire.
func (t *tokenSource) get(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && t.now().Before(t.expires.Add(-tokenMargin)) {
		return t.token, nil
	}
	a, err := t.login(ctx)
	if err != nil {
		return "", err
	}
	t.token = a.AccessToken
	t.expires = t.now().Add(time.Duration(a.ExpiresIn) * time.Second)
	return t.token, nil
}

// forget drops the cached token if it is still old, so that the next get
// logs in again.
func (t *tokenSource) forget(old string) {
	t.mu.Lock()
	if t.token == old {
		t.token = ""
	}
	t.mu.Unlock()
}

// login exchanges the refresh token for an access token. A refusal by the
// token endpoint (wrong client or refresh token) is permanent: only new
// credentials mend it.
func (t *tokenSource) login(ctx context.Context) (lwaAnswer, error) {
	form := url.Values{
		"grant_type":    {"refresh_token"},
		"refresh_token": {t.refreshToken},
		"client_id":     {t.clientID},
		"client_secret": {t.clientSecret},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url,
		strings.NewReader(form.Encode()))
	if err != nil {
		return lwaAnswer{}, fmt.Errorf("amazon: login with amazon: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
	req.Header.Set("Accept", "application/json")
	resp, err := t.http.Do(req)
	if err != nil {
		return lwaAnswer{}, fmt.Errorf("amazon: login with amazon: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return lwaAnswer{}, fmt.Errorf("amazon: login with amazon: read answer: %w", err)
	}
	var a lwaAnswer
	jsonErr := json.Unmarshal(body, &a)
	switch {
	case resp.StatusCode >= 500:
		return a, fmt.Errorf("amazon: login with amazon: HTTP %d", resp.StatusCode)
	case resp.StatusCode >= 400:
		return a, &channel.PermanentError{Channel: t.channelID, Status: resp.StatusCode,
			Detail: "login with amazon: " + strings.TrimSpace(a.Error+": "+a.ErrorDescription)}
	case jsonErr != nil || a.AccessToken == "" || a.ExpiresIn <= 0:
		return a, fmt.Errorf("amazon: login with amazon: answer without an access token "+
			"and its lifetime (HTTP %d)", resp.StatusCode)
	}
	return a, nil
}
