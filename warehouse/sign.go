package warehouse

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// The headers that sign a request between Ordo and a location, both ways:
// Ordo's instructions and a location's status callbacks.
const (
	// HeaderTimestamp carries when the request was signed, in Unix seconds.
	HeaderTimestamp = "X-Ordo-Timestamp"
	// HeaderSignature carries the lower-case hex HMAC-SHA256, keyed with
	// the location's secret, of the timestamp, a "." and the raw body.
	HeaderSignature = "X-Ordo-Signature"
)

// MaxSkew is how far a request's timestamp may be from the receiver's
// clock, either way, before its signature is refused. It bounds how long a
// captured request can be replayed.
const MaxSkew = 5 * time.Minute

// The reasons Verify refuses a request; each is wrapped with what to fix.
var (
	// ErrUnsigned means a signature header is missing.
	ErrUnsigned = errors.New("warehouse: request is not signed")
	// ErrStale means the timestamp is further than MaxSkew from now.
	ErrStale = errors.New("warehouse: signature timestamp is out of range")
	// ErrBadSignature means the headers are malformed or the signature
	// does not match the body.
	ErrBadSignature = errors.New("warehouse: signature does not match")
)

// Sign signs body as sent at the given time with secret, and returns the
// values of HeaderTimestamp and HeaderSignature.
func Sign(secret []byte, at time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(at.Unix(), 10)
	return timestamp, hex.EncodeToString(mac(secret, timestamp, body))
}

// SignRequest signs body with secret as sent at the given time, and sets
// both signature headers on req. The body must be exactly what req sends.
func SignRequest(req *http.Request, secret []byte, at time.Time, body []byte) {
	timestamp, signature := Sign(secret, at, body)
	req.Header.Set(HeaderTimestamp, timestamp)
	req.Header.Set(HeaderSignature, signature)
}

// Verify checks the signature headers of a request whose raw body is body,
// received at now. It returns an error wrapping ErrUnsigned, ErrStale or
// ErrBadSignature, which says what the sender must fix, or nil when the
// body was signed with secret less than MaxSkew from now.
func Verify(secret []byte, timestamp, signature string, body []byte, now time.Time) error {
	if len(secret) == 0 {
		// Anyone can sign with an empty key, so nothing proves the sender.
		return fmt.Errorf("%w: the receiver has no secret to verify with; "+
			"configure the location's secret", ErrBadSignature)
	}
	if timestamp == "" {
		return fmt.Errorf("%w: no %s header", ErrUnsigned, HeaderTimestamp)
	}
	if signature == "" {
		return fmt.Errorf("%w: no %s header", ErrUnsigned, HeaderSignature)
	}
	if err := fresh(timestamp, now); err != nil {
		return err
	}
	got, err := hex.DecodeString(signature)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: %s must be %d hex digits", ErrBadSignature,
			HeaderSignature, 2*sha256.Size)
	}
	if !hmac.Equal(got, mac(secret, timestamp, body)) {
		return fmt.Errorf("%w: sign the exact body with the location's secret "+
			"over %s, a \".\" and the body", ErrBadSignature, HeaderTimestamp)
	}
	return nil
}

// fresh checks that timestamp is Unix seconds within MaxSkew of now.
func fresh(timestamp string, now time.Time) error {
	seconds, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %s %q is not Unix seconds", ErrBadSignature,
			HeaderTimestamp, timestamp)
	}
	age := now.Sub(time.Unix(seconds, 0))
	switch {
	case age > MaxSkew:
		return fmt.Errorf("%w: %s is %s old, more than %s; sign when sending "+
			"and check the sender's clock", ErrStale, HeaderTimestamp,
			age.Truncate(time.Second), MaxSkew)
	case age < -MaxSkew:
		return fmt.Errorf("%w: %s is %s ahead, more than %s; check the "+
			"sender's clock", ErrStale, HeaderTimestamp,
			(-age).Truncate(time.Second), MaxSkew)
	}
	return nil
}

// mac is the HMAC-SHA256 of timestamp, "." and body, keyed with secret.
func mac(secret []byte, timestamp string, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(timestamp))
	h.Write([]byte("."))
	h.Write(body)
	return h.Sum(nil)
}
