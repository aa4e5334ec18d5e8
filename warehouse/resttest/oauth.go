package resttest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// token handles POST /oauth/token: it issues a bearer token for the client
// credentials grant to the client configured in Options.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request")
		return
	}
	if r.PostForm.Get("grant_type") != "client_credentials" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	if !s.client(r) {
		oauthError(w, http.StatusUnauthorized, "invalid_client")
		return
	}
	token := rand.Text()
	s.mu.Lock()
	s.tokens[token] = time.Now().Add(s.opts.TokenTTL)
	s.issued++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	// The client may have hung up; there is nobody to tell.
	_ = json.NewEncoder(w).Encode(map[string]any{
		"access_token": token,
		"token_type":   "Bearer",
		"expires_in":   int(s.opts.TokenTTL.Seconds()),
	})
}

// client reports whether r authenticates the configured client, with
// HTTP Basic authentication or in the form.
func (s *Server) client(r *http.Request) bool {
	id, secret, basic := r.BasicAuth()
	if basic {
		// RFC 6749 has both form-encoded before Basic encoding.
		var errID, errSecret error
		id, errID = url.QueryUnescape(id)
		secret, errSecret = url.QueryUnescape(secret)
		if errID != nil || errSecret != nil {
			return false
		}
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	return s.opts.ClientID != "" &&
		subtle.ConstantTimeCompare([]byte(id), []byte(s.opts.ClientID)) == 1 &&
		subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret)) == 1
}

// oauthError answers with an OAuth2 error code.
func oauthError(w http.ResponseWriter, status int, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// The client may have hung up; there is nobody to tell.
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
}
