package filedrop

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ordo-oms/ordo/config"
)

// Options say how to reach a directory on an SFTP server.
type Options struct {
	// Addr is the server's host:port; the port defaults to 22.
	Addr string
	// User is the user to log in as.
	User string
	// Password logs in with a password, PrivateKey with an unencrypted
	// PEM private key; one of them is needed.
	Password   string
	PrivateKey []byte
	// HostKey is the server's public host key, which the server must
	// present: a line in authorized_keys format ("ssh-ed25519 AAAA...",
	// as in the server's /etc/ssh/ssh_host_ed25519_key.pub), or the
	// fingerprint of the key ("SHA256:..."). A fingerprint cannot tell the
	// server which of its keys to present; when it presents another, the
	// error names that key's fingerprint. It is required: a client that
	// accepts any host key hands the login to whoever answers.
	HostKey string
	// Dir is the directory to work in, absolute or relative to the login
	// directory; empty means the login directory.
	Dir string
	// Timeout bounds connecting and logging in; zero means 30 seconds.
	Timeout time.Duration
}

// validate reports every option that is missing.
func (o Options) validate() error {
	var errs []error
	fail := func(msg string) { errs = append(errs, errors.New("filedrop: options: "+msg)) }
	if o.Addr == "" {
		fail("Addr is missing; give the server's host:port")
	}
	if o.User == "" {
		fail("User is missing")
	}
	if o.Password == "" && len(o.PrivateKey) == 0 {
		fail("Password or PrivateKey is needed")
	}
	if o.HostKey == "" {
		fail("HostKey is missing; give the server's public host key or its " +
			"SHA256 fingerprint (ssh-keyscan or ssh-keygen -lf prints them)")
	}
	return errors.Join(errs...)
}

// String describes the options without their secrets.
func (o Options) String() string {
	s := fmt.Sprintf("sftp://%s@%s", o.User, o.Addr)
	if o.Dir != "" {
		s += fmt.Sprintf(" (dir %s)", o.Dir)
	}
	return s
}

// GoString returns the same as String, so that %#v prints no secret.
func (o Options) GoString() string { return o.String() }

// LogValue returns the same as String, so that slog logs no secret.
func (o Options) LogValue() slog.Value { return slog.StringValue(o.String()) }

// FromConfig returns the options of an SFTP server as the configuration
// gives them.
func FromConfig(c config.SFTP) Options {
	return Options{Addr: c.Addr, User: c.User, Password: c.Password.Reveal(),
		PrivateKey: []byte(c.PrivateKey.Reveal()), HostKey: c.HostKey, Dir: c.Dir}
}
