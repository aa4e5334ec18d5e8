package boltest

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// signingKey is one of the fake's push signing keys.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func newSigningKey(id string) signingKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(fmt.Sprintf("boltest: generate RSA key: %v", err))
	}
	return signingKey{id: id, key: k}
}

// RotateKey replaces the signing key with a new one under a new id, as
// bol.com may, and returns the new id. Messages are signed with it from now
// on, and the key list serves only it.
func (s *Server) RotateKey() string {
	k := newSigningKey("")
	s.mu.Lock()
	defer s.mu.Unlock()
	k.id = strconv.Itoa(len(s.keys))
	s.keys = append(s.keys, k)
	return k.id
}

// current returns the signing key in use. The caller holds s.mu.
func (s *Server) current() signingKey { return s.keys[len(s.keys)-1] }

func (s *Server) signatureKeys(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	k := s.current()
	s.mu.Unlock()
	der, err := x509.MarshalPKIXPublicKey(&k.key.PublicKey)
	if err != nil {
		writeProblem(w, r, http.StatusInternalServerError, "Internal Server Error", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, MediaType, map[string]any{"signatureKeys": []map[string]string{
		{"id": k.id, "type": "RSA", "publicKey": base64.StdEncoding.EncodeToString(der)}}})
}

// SignPush returns the header name and value that sign body as bol.com
// signs a push message: Signature: keyId=ID, algorithm="rsa-sha256",
// signature=BASE64, an RSASSA-PKCS1-v1_5 SHA-256 signature of the raw body.
func (s *Server) SignPush(body []byte) (header, value string) {
	s.mu.Lock()
	k := s.current()
	s.mu.Unlock()
	sum := sha256.Sum256(body)
	sig, err := rsa.SignPKCS1v15(rand.Reader, k.key, crypto.SHA256, sum[:])
	if err != nil {
		panic(fmt.Sprintf("boltest: sign push: %v", err))
	}
	return "Signature", fmt.Sprintf(`keyId=%s, algorithm="rsa-sha256", signature=%s`,
		k.id, base64.StdEncoding.EncodeToString(sig))
}

// Event is what a push message reports.
type Event struct {
	Resource   string
	Type       string
	ResourceID string
}

// PushBody returns the body of a push message for e, as bol.com writes it.
func (s *Server) PushBody(e Event) []byte {
	body, _ := json.Marshal(map[string]any{
		"retailerId": s.opts.RetailerID,
		"timestamp":  stamp(s.opts.Now()),
		"event": map[string]string{"resource": e.Resource, "type": e.Type,
			"resourceId": e.ResourceID},
	})
	return body
}
