package loadtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// Sign returns what Shopify sends in X-Shopify-Hmac-Sha256 for body: the
// HMAC-SHA256 of the raw body keyed with the app's secret, in standard
// base64.
func Sign(body, secret []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
