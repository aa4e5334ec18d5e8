package bol

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// ErrSignature is returned, wrapped with the reason, for a push message
// whose signature is missing, malformed, made with a key bol.com does not
// list, or wrong. The webhook answers such a message 401 and forgets it.
var ErrSignature = errors.New("bol: push signature refused")

// SignatureHeader is the header that carries a push message's signature.
const SignatureHeader = "Signature"

// keyRefreshInterval is the least time between two reads of the key list
// caused by unknown key ids, so that forged messages cannot make Ordo call
// bol.com at their pace. bol.com retries a push for ten minutes, so a
// message signed with a new key is accepted on a later delivery.
const keyRefreshInterval = time.Minute

// Push is a push message from a bol.com subscription: an event about one
// resource. For PROCESS_STATUS the ResourceID is a process status id, for
// SHIPMENT a shipment id, for ORDER an order id.
type Push struct {
	// RetailerID is the seller account the message is about.
	RetailerID string
	// Timestamp is when bol.com sent the message, in ISO 8601, as sent.
	Timestamp string
	// Resource is the kind of resource, such as PROCESS_STATUS or SHIPMENT.
	Resource string
	// Type is what happened, such as SUCCESS or UPDATE_TRANSPORT_EVENT.
	Type string
	// ResourceID is the id of the resource.
	ResourceID string
}

// VerifyPush checks the signature of a push message against bol.com's
// published keys and returns the message. header is the request's header
// and body its raw body, unchanged. The keys are cached; a key id not among
// them makes VerifyPush read the list again, at most once a minute. It
// returns an error wrapping ErrSignature for a refused signature,
// ErrMalformed for a signed body that is not a push message, and a plain
// error when the keys could not be read, which bol.com's retry may mend.
func (c *Client) VerifyPush(ctx context.Context, header http.Header, body []byte) (Push, error) {
	sig, err := parseSignature(header.Get(SignatureHeader))
	if err != nil {
		return Push{}, fmt.Errorf("%w: %w", ErrSignature, err)
	}
	key, err := c.signatureKey(ctx, sig.keyID)
	if err != nil {
		return Push{}, err
	}
	sum := sha256.Sum256(body)
	if err := rsa.VerifyPKCS1v15(key, crypto.SHA256, sum[:], sig.value); err != nil {
		return Push{}, fmt.Errorf("%w: signature does not match the body for key %q",
			ErrSignature, sig.keyID)
	}
	return parsePush(body)
}

// signature is the parsed Signature header.
type signature struct {
	keyID string
	value []byte
}

// parseSignature reads a header such as
// keyId=0, algorithm="rsa-sha256", signature=BASE64, with or without
// quotes around each value.
func parseSignature(h string) (signature, error) {
	if strings.TrimSpace(h) == "" {
		return signature{}, fmt.Errorf("no %s header", SignatureHeader)
	}
	params := map[string]string{}
	for _, part := range strings.Split(h, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return signature{}, fmt.Errorf("%s header part %q is not key=value",
				SignatureHeader, part)
		}
		params[strings.ToLower(strings.TrimSpace(k))] = strings.Trim(strings.TrimSpace(v), `"`)
	}
	if alg := params["algorithm"]; alg != "" && !strings.EqualFold(alg, "rsa-sha256") {
		return signature{}, fmt.Errorf("algorithm %q is not rsa-sha256", alg)
	}
	if params["keyid"] == "" || params["signature"] == "" {
		return signature{}, fmt.Errorf("%s header lacks keyId or signature", SignatureHeader)
	}
	value, err := base64.StdEncoding.DecodeString(params["signature"])
	if err != nil {
		return signature{}, fmt.Errorf("signature is not base64: %w", err)
	}
	return signature{keyID: params["keyid"], value: value}, nil
}

// pushPayload is the body of a push message. retailerId is a number in
// bol.com's example; a string is read too.
type pushPayload struct {
	RetailerID json.RawMessage `json:"retailerId"`
	Timestamp  string          `json:"timestamp"`
	Event      *struct {
		Resource   string          `json:"resource"`
		Type       string          `json:"type"`
		ResourceID json.RawMessage `json:"resourceId"`
	} `json:"event"`
}

// parsePush reads a push message body.
func parsePush(body []byte) (Push, error) {
	var p pushPayload
	if err := decodeObject(body, &p); err != nil {
		return Push{}, err
	}
	if p.Event == nil || p.Event.Resource == "" || p.Event.Type == "" {
		return Push{}, fmt.Errorf("%w: push message without event resource and type",
			ErrMalformed)
	}
	return Push{
		RetailerID: scalar(p.RetailerID),
		Timestamp:  p.Timestamp,
		Resource:   p.Event.Resource,
		Type:       p.Event.Type,
		ResourceID: scalar(p.Event.ResourceID),
	}, nil
}

// scalar returns a JSON string or number as text.
func scalar(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}

// keyCache holds bol.com's push signature keys by id.
type keyCache struct {
	mu      sync.Mutex
	keys    map[string]*rsa.PublicKey
	fetched time.Time
}

// signatureKey returns the public key with id, reading the key list when
// none is cached or, at most once a minute, when id is not among them.
func (c *Client) signatureKey(ctx context.Context, id string) (*rsa.PublicKey, error) {
	k := c.keys
	k.mu.Lock()
	defer k.mu.Unlock()
	if key, ok := k.keys[id]; ok {
		return key, nil
	}
	if k.keys != nil && c.opts.Now().Sub(k.fetched) < keyRefreshInterval {
		return nil, fmt.Errorf("%w: unknown key id %q", ErrSignature, id)
	}
	keys, err := c.SignatureKeys(ctx)
	if err != nil {
		return nil, err
	}
	k.keys, k.fetched = keys, c.opts.Now()
	if key, ok := keys[id]; ok {
		return key, nil
	}
	return nil, fmt.Errorf("%w: unknown key id %q", ErrSignature, id)
}

// SignatureKeys reads the public keys that sign push messages with GET
// /retailer/subscriptions/signature-keys, by key id.
func (c *Client) SignatureKeys(ctx context.Context) (map[string]*rsa.PublicKey, error) {
	var resp keySetResponse
	r := request{method: http.MethodGet, path: "/retailer/subscriptions/signature-keys"}
	if err := c.send(ctx, r, &resp); err != nil {
		return nil, fmt.Errorf("bol: read signature keys: %w", err)
	}
	keys, err := resp.parse()
	if err != nil {
		return nil, fmt.Errorf("bol: read signature keys: %w", err)
	}
	return keys, nil
}

// keySetResponse is the body of GET /retailer/subscriptions/signature-keys.
type keySetResponse struct {
	SignatureKeys []struct {
		ID        string `json:"id"`
		Type      string `json:"type"`
		PublicKey string `json:"publicKey"`
	} `json:"signatureKeys"`
}

// parse returns the RSA keys by id. A key is base64 DER, a
// SubjectPublicKeyInfo as in bol.com's answers, or else a PKCS #1 key.
func (ks keySetResponse) parse() (map[string]*rsa.PublicKey, error) {
	keys := map[string]*rsa.PublicKey{}
	for _, k := range ks.SignatureKeys {
		if !strings.EqualFold(k.Type, "RSA") {
			continue
		}
		der, err := base64.StdEncoding.DecodeString(k.PublicKey)
		if err != nil {
			return nil, fmt.Errorf("%w: key %q is not base64: %w", ErrMalformed, k.ID, err)
		}
		if pub, err := x509.ParsePKIXPublicKey(der); err == nil {
			if rk, ok := pub.(*rsa.PublicKey); ok {
				keys[k.ID] = rk
				continue
			}
		}
		rk, err := x509.ParsePKCS1PublicKey(der)
		if err != nil {
			return nil, fmt.Errorf("%w: key %q is not an RSA public key", ErrMalformed, k.ID)
		}
		keys[k.ID] = rk
	}
	return keys, nil
}
