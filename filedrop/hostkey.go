package filedrop

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"strings"

	"golang.org/x/crypto/ssh"
)

// ErrHostKey means that the server presented a host key other than the
// one configured: another server, or someone in between.
var ErrHostKey = errors.New("filedrop: host key mismatch")

// hostKey returns how to check the server's host key, and the key
// algorithms to ask the server for, none meaning any.
func hostKey(known string) (ssh.HostKeyCallback, []string, error) {
	known = strings.TrimSpace(known)
	if fp, ok := strings.CutPrefix(known, "SHA256:"); ok {
		want := "SHA256:" + fp
		return func(host string, _ net.Addr, key ssh.PublicKey) error {
			if got := ssh.FingerprintSHA256(key); got != want {
				return fmt.Errorf("%w: %s presented %s %s, not %s", ErrHostKey, host,
					key.Type(), got, want)
			}
			return nil
		}, nil, nil
	}
	want, _, _, _, err := ssh.ParseAuthorizedKey([]byte(known))
	if err != nil {
		return nil, nil, fmt.Errorf("filedrop: options: HostKey is neither a public key "+
			"in authorized_keys format nor a SHA256: fingerprint: %w", err)
	}
	check := func(host string, _ net.Addr, key ssh.PublicKey) error {
		if !bytes.Equal(key.Marshal(), want.Marshal()) {
			return fmt.Errorf("%w: %s presented %s %s, not %s %s", ErrHostKey, host,
				key.Type(), ssh.FingerprintSHA256(key), want.Type(),
				ssh.FingerprintSHA256(want))
		}
		return nil
	}
	return check, algorithms(want.Type()), nil
}

// algorithms returns the host key algorithms that sign with a key of type
// t, so that a server with several host keys presents the known one.
func algorithms(t string) []string {
	if t == ssh.KeyAlgoRSA {
		// SHA-1 signatures are refused; RSA keys sign with SHA-2.
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256}
	}
	return []string{t}
}
