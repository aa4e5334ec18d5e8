// Package sftptest runs the real OpenSSH server for tests of SFTP clients:
// a private sshd on a free port of 127.0.0.1, with its own host key, one
// client key it accepts, and a directory to work in, stopped when the test
// ends. A machine without /usr/sbin/sshd fails the test rather than skip
// it; scripts/test.sh installs the server. Package filedrop/sshd does the
// work; this one ties the server's life to the test's.
package sftptest

import (
	"testing"

	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/filedrop/sshd"
)

// Server is a running sshd that offers SFTP.
type Server struct {
	// Addr is the server's host:port on 127.0.0.1.
	Addr string
	// User is the user the client key logs in as: the one running the
	// test.
	User string
	// PrivateKey is the PEM of the only client key the server accepts.
	PrivateKey []byte
	// HostKey is the server's public host key in authorized_keys format.
	HostKey string
	// Dir is an empty directory on the server, an absolute path that the
	// test can also reach on the local file system.
	Dir string

	server *sshd.Server
}

// Start runs sshd for the test and stops it when the test ends. It fails
// the test when sshd is missing or does not start.
func Start(t testing.TB) *Server {
	t.Helper()
	if !sshd.Installed() {
		t.Fatalf("%s is missing: scripts/test.sh installs OpenSSH's server, "+
			"or run apt-get install --no-install-recommends openssh-server", sshd.Binary)
	}
	srv, err := sshd.Start(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Error(err)
		}
		if log := srv.Log(); t.Failed() && log != "" {
			t.Logf("sshd said:\n%s", log)
		}
	})
	o := srv.Options()
	return &Server{Addr: o.Addr, User: o.User, PrivateKey: o.PrivateKey, HostKey: o.HostKey,
		Dir: srv.Root(), server: srv}
}

// Options returns what filedrop.Dial needs to reach the server's
// directory.
func (s *Server) Options() filedrop.Options { return s.server.Options() }
