package shopify

import (
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ordo-oms/ordo/order/ordertest"
)

// vector is the HMAC test vector collected from Shopify's app library.
type vector struct {
	RawBody  string            `json:"raw_body"`
	Secret   string            `json:"secret"`
	Expected string            `json:"expected_x_shopify_hmac_sha256"`
	Headers  map[string]string `json:"request_headers_in_test"`
}

func loadVector(t *testing.T) vector {
	t.Helper()
	var v vector
	b := ordertest.ReadFile(t, filepath.Join(fixtureDir(t), "hmac_test_vector.json"))
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("hmac_test_vector.json: %v", err)
	}
	return v
}

func TestVerifyAcceptsShopifyVector(t *testing.T) {
	v := loadVector(t)
	if got := Sign([]byte(v.Secret), []byte(v.RawBody)); got != v.Expected {
		t.Errorf("Sign = %q, want %q", got, v.Expected)
	}
	if err := Verify([]byte(v.Secret), []byte(v.RawBody), v.Expected); err != nil {
		t.Errorf("Verify: %v", err)
	}

	h := http.Header{}
	for k, val := range v.Headers {
		h.Set(k, val)
	}
	hs := ParseHeaders(h)
	if err := Verify([]byte(v.Secret), []byte(v.RawBody), hs.Signature); err != nil {
		t.Errorf("Verify with the signature from the headers: %v", err)
	}
}

func TestVerifyRejects(t *testing.T) {
	secret := []byte("test_secret_key")
	body := []byte(`{"foo": "bar"}`)
	good := Sign(secret, body)
	tests := []struct {
		name      string
		secret    []byte
		body      []byte
		signature string
		want      error
	}{
		{"missing signature", secret, body, "", ErrMissingSignature},
		{"blank signature", secret, body, "  ", ErrMissingSignature},
		{"garbage signature", secret, body, "not base64 at all!", ErrBadSignature},
		{"hex instead of base64", secret, body, strings.Repeat("ab", 32), ErrBadSignature},
		{"signed with another secret", secret, body, Sign([]byte("other"), body), ErrBadSignature},
		{"body changed", secret, []byte(`{"foo": "baz"}`), good, ErrBadSignature},
		{"body re-serialised", secret, []byte(`{"foo":"bar"}`), good, ErrBadSignature},
		{"signature truncated", secret, body, good[:20], ErrBadSignature},
		{"no secret configured", nil, body, Sign(nil, body), ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(tt.secret, tt.body, tt.signature)
			if !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestSignRoundTrip(t *testing.T) {
	secret := []byte("s3cr3t")
	for _, body := range []string{"", "{}", `{"id": 1, "name": "#1001 ☕"}`} {
		if err := Verify(secret, []byte(body), Sign(secret, []byte(body))); err != nil {
			t.Errorf("Verify(Sign(%q)): %v", body, err)
		}
	}
}
