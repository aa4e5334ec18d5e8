package warehouse_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ordo-oms/ordo/warehouse"
)

var (
	secret = []byte("s3cret-shared-with-the-location")
	body   = []byte(`{"reference":"R-1","kind":"release"}`)
	signed = time.Unix(1_700_000_000, 0)
)

func TestSignFormat(t *testing.T) {
	timestamp, signature := warehouse.Sign(secret, signed, body)
	if timestamp != "1700000000" {
		t.Errorf("timestamp = %q, want 1700000000", timestamp)
	}
	if len(signature) != 64 || strings.ToLower(signature) != signature {
		t.Errorf("signature = %q, want 64 lower-case hex digits", signature)
	}
}

func TestVerifyAcceptsWhatSignSigned(t *testing.T) {
	timestamp, signature := warehouse.Sign(secret, signed, body)
	for _, now := range []time.Time{
		signed,
		signed.Add(warehouse.MaxSkew),
		signed.Add(-warehouse.MaxSkew),
	} {
		if err := warehouse.Verify(secret, timestamp, signature, body, now); err != nil {
			t.Errorf("Verify at %s: %v", now.Sub(signed), err)
		}
	}
}

func TestSignRequestSetsBothHeaders(t *testing.T) {
	req, err := http.NewRequest(http.MethodPost, "http://wms.test/instructions", nil)
	if err != nil {
		t.Fatal(err)
	}
	warehouse.SignRequest(req, secret, signed, body)
	err = warehouse.Verify(secret, req.Header.Get(warehouse.HeaderTimestamp),
		req.Header.Get(warehouse.HeaderSignature), body, signed)
	if err != nil {
		t.Fatalf("Verify of a signed request: %v", err)
	}
}

func TestVerifyRefuses(t *testing.T) {
	timestamp, signature := warehouse.Sign(secret, signed, body)
	tests := []struct {
		name                 string
		secret               []byte
		timestamp, signature string
		body                 []byte
		now                  time.Time
		want                 error
		mentions             string
	}{
		{"missing timestamp", secret, "", signature, body, signed,
			warehouse.ErrUnsigned, warehouse.HeaderTimestamp},
		{"missing signature", secret, timestamp, "", body, signed,
			warehouse.ErrUnsigned, warehouse.HeaderSignature},
		{"malformed timestamp", secret, "yesterday", signature, body, signed,
			warehouse.ErrBadSignature, "Unix seconds"},
		{"too old", secret, timestamp, signature, body, signed.Add(6 * time.Minute),
			warehouse.ErrStale, "6m0s old"},
		{"from the future", secret, timestamp, signature, body, signed.Add(-6 * time.Minute),
			warehouse.ErrStale, "ahead"},
		{"tampered body", secret, timestamp, signature,
			[]byte(`{"reference":"R-2","kind":"release"}`), signed,
			warehouse.ErrBadSignature, "exact body"},
		{"other secret", []byte("another"), timestamp, signature, body, signed,
			warehouse.ErrBadSignature, "secret"},
		{"signature not hex", secret, timestamp, "zz" + signature[2:], body, signed,
			warehouse.ErrBadSignature, "64 hex digits"},
		{"no secret to verify with", nil, timestamp, signature, body, signed,
			warehouse.ErrBadSignature, "no secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := warehouse.Verify(tt.secret, tt.timestamp, tt.signature, tt.body, tt.now)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.mentions) {
				t.Errorf("Verify = %q, want it to mention %q", err, tt.mentions)
			}
		})
	}
}
