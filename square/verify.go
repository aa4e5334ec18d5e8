package square

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// HeaderSignature is the header in which Square sends a webhook
// delivery's signature.
const HeaderSignature = "x-square-hmacsha256-signature"

// Errors returned by Verify.
var (
	// ErrMissingSignature means the delivery has no signature header.
	ErrMissingSignature = errors.New("square: missing webhook signature")
	// ErrSignature means the signature does not match, is not base64, or
	// cannot be checked because no signature key is configured.
	ErrSignature = errors.New("square: webhook signature does not match")
)

// Sign returns the signature Square sends for body delivered to
// notificationURL: the base64 HMAC-SHA256, keyed with the subscription's
// signature key, of the URL followed by the raw body.
func Sign(signatureKey []byte, notificationURL string, body []byte) string {
	return base64.StdEncoding.EncodeToString(mac(signatureKey, notificationURL, body))
}

// Verify checks signature, the value of HeaderSignature, against the raw
// body of a delivery to notificationURL, which must be the URL exactly as
// registered with Square (scheme, host, path and query). It returns nil
// when the signature matches, ErrMissingSignature when it is empty and an
// error wrapping ErrSignature otherwise. The comparison takes the same time
// however much of the signature matches.
func Verify(signatureKey []byte, notificationURL string, body []byte, signature string) error {
	signature = strings.TrimSpace(signature)
	if signature == "" {
		return ErrMissingSignature
	}
	if len(signatureKey) == 0 {
		return fmt.Errorf("%w: no signature key is configured", ErrSignature)
	}
	got, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return fmt.Errorf("%w: the signature is not base64", ErrSignature)
	}
	if !hmac.Equal(got, mac(signatureKey, notificationURL, body)) {
		return fmt.Errorf("%w: check the signature key and that the notification "+
			"URL is the one registered with Square", ErrSignature)
	}
	return nil
}

// mac is the HMAC-SHA256 of url followed by body, keyed with key.
func mac(key []byte, url string, body []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(url))
	h.Write(body)
	return h.Sum(nil)
}
