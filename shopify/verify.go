package shopify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Errors returned by Verify.
var (
	// ErrMissingSignature is returned when the request carries no
	// X-Shopify-Hmac-Sha256 value.
	ErrMissingSignature = errors.New("shopify: missing webhook signature")
	// ErrBadSignature is returned when the signature does not match the
	// body, is not base64, or cannot be checked because no secret is set.
	ErrBadSignature = errors.New("shopify: bad webhook signature")
)

// Sign returns the signature Shopify sends in X-Shopify-Hmac-Sha256 for
// body: the base64 encoding of its HMAC-SHA256 under secret.
func Sign(secret, body []byte) string {
	return base64.StdEncoding.EncodeToString(mac(secret, body))
}

// Verify checks that signature, the X-Shopify-Hmac-Sha256 header value, is
// the HMAC-SHA256 of the raw request body under the app's secret. It
// returns nil when it is, ErrMissingSignature when signature is empty and
// ErrBadSignature, wrapped with the detail, otherwise. The comparison takes
// the same time however much of the signature matches.
func Verify(secret []byte, body []byte, signature string) error {
	signature = strings.TrimSpace(signature)
	if signature == "" {
		return ErrMissingSignature
	}
	if len(secret) == 0 {
		return fmt.Errorf("%w: no secret configured", ErrBadSignature)
	}
	got, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return fmt.Errorf("%w: not base64: %v", ErrBadSignature, err)
	}
	if !hmac.Equal(got, mac(secret, body)) {
		return fmt.Errorf("%w: does not match the body", ErrBadSignature)
	}
	return nil
}

func mac(secret, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write(body)
	return h.Sum(nil)
}
