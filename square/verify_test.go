package square_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"github.com/ordo-oms/ordo/order/ordertest"
	"github.com/ordo-oms/ordo/square"
	"github.com/ordo-oms/ordo/square/squaretest"
)

// vector is Square's own signature test vector, from its SDKs' tests.
type vector struct {
	RawBody         string `json:"raw_body"`
	SignatureKey    string `json:"signature_key"`
	NotificationURL string `json:"notification_url"`
	Expected        string `json:"expected_x_square_hmacsha256_signature"`
}

func loadVector(t *testing.T) vector {
	t.Helper()
	var v vector
	data := ordertest.ReadFile(t, filepath.Join(fixtureDir(t), "square_signature_test_vector.json"))
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSignMatchesSquaresVector(t *testing.T) {
	v := loadVector(t)
	if got := square.Sign([]byte(v.SignatureKey), v.NotificationURL, []byte(v.RawBody)); got != v.Expected {
		t.Errorf("Sign = %s, want Square's %s", got, v.Expected)
	}
	if got := squaretest.Sign([]byte(v.SignatureKey), v.NotificationURL, []byte(v.RawBody)); got != v.Expected {
		t.Errorf("squaretest.Sign = %s, want Square's %s", got, v.Expected)
	}
}

func TestVerify(t *testing.T) {
	v := loadVector(t)
	key, url, body := []byte(v.SignatureKey), v.NotificationURL, []byte(v.RawBody)
	tests := []struct {
		name      string
		key       []byte
		url       string
		body      []byte
		signature string
		want      error
	}{
		{"square's vector", key, url, body, v.Expected, nil},
		{"signature with spaces around", key, url, body, " " + v.Expected + " ", nil},
		{"missing signature", key, url, body, "", square.ErrMissingSignature},
		{"body changed", key, url, append([]byte(" "), body...), v.Expected, square.ErrSignature},
		{"other notification URL", key, url + "/", body, v.Expected, square.ErrSignature},
		{"other key", []byte("Ibxx_5AKakO-3qeNVR61Dx"), url, body, v.Expected,
			square.ErrSignature},
		{"forged signature", key, url, body, square.Sign([]byte("guess"), url, body),
			square.ErrSignature},
		{"not base64", key, url, body, "not*base64", square.ErrSignature},
		{"no key configured", nil, url, body, v.Expected, square.ErrSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := square.Verify(tt.key, tt.url, tt.body, tt.signature)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}
