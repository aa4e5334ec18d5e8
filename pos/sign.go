package pos

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
)

// The headers that sign a sale; the same as a warehouse's.
const (
	HeaderTimestamp = warehouse.HeaderTimestamp
	HeaderSignature = warehouse.HeaderSignature
)

// MaxSkew is how far a sale's timestamp may be from Ordo's clock, either
// way.
const MaxSkew = warehouse.MaxSkew

// MaxBody is the largest sale body Ordo reads, in bytes.
const MaxBody = 1 << 20

// signaturePrefix names the algorithm in HeaderSignature.
const signaturePrefix = "sha256="

// The reasons Verify refuses a sale. They are the warehouse package's own
// errors, for the signing scheme is the same; errors.Is matches either
// name.
var (
	// ErrUnsigned means a signature header is missing.
	ErrUnsigned = warehouse.ErrUnsigned
	// ErrStale means the timestamp is more than MaxSkew from Ordo's clock.
	ErrStale = warehouse.ErrStale
	// ErrBadSignature means a header is malformed or the signature does
	// not match the body.
	ErrBadSignature = warehouse.ErrBadSignature
)

// Sign signs body as sent at the given time with secret, and returns the
// two headers to send it with, for tills and tests.
func Sign(secret, body []byte, now time.Time) http.Header {
	timestamp, signature := warehouse.Sign(secret, now, body)
	h := http.Header{}
	h.Set(HeaderTimestamp, timestamp)
	h.Set(HeaderSignature, signaturePrefix+signature)
	return h
}

// Verify checks the signature headers in h of a sale whose raw body is
// body, received at now. It returns nil for a sale signed with secret less
// than MaxSkew from now, and otherwise an error wrapping ErrUnsigned,
// ErrStale (saying how far the clocks differ) or ErrBadSignature, which
// says what the till must fix.
func Verify(secret []byte, h http.Header, body []byte, now time.Time) error {
	signature := h.Get(HeaderSignature)
	hexSig, ok := strings.CutPrefix(signature, signaturePrefix)
	if signature != "" && !ok {
		return fmt.Errorf("pos: %w: %s must start with %q", ErrBadSignature,
			HeaderSignature, signaturePrefix)
	}
	if err := warehouse.Verify(secret, h.Get(HeaderTimestamp), hexSig, body, now); err != nil {
		return fmt.Errorf("pos: %w", err)
	}
	return nil
}
