// Package sftptest runs the real OpenSSH server for tests of SFTP clients:
// a private sshd on a free port of 127.0.0.1, with its own host key, one
// client key it accepts, and a directory to work in, stopped when the test
// ends. A machine without /usr/sbin/sshd fails the test rather than skip
// it; scripts/test.sh installs the server.
package sftptest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/ordo-oms/ordo/filedrop"
)

// sshd is the OpenSSH server binary the tests run.
const sshd = "/usr/sbin/sshd"

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
}

// Start runs sshd for the test and stops it when the test ends. It fails
// the test when sshd is missing or does not start.
func Start(t testing.TB) *Server {
	t.Helper()
	if _, err := os.Stat(sshd); err != nil {
		t.Fatalf("%s is missing (%v): scripts/test.sh installs OpenSSH's server, "+
			"or run apt-get install --no-install-recommends openssh-server", sshd, err)
	}
	// sshd refuses to start without its privilege separation directory.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		t.Fatalf("create /run/sshd for sshd: %v", err)
	}
	u, err := user.Current()
	if err != nil {
		t.Fatalf("current user: %v", err)
	}
	tmp := t.TempDir()
	s := &Server{User: u.Username, Dir: filepath.Join(tmp, "files")}
	if err := os.Mkdir(s.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	hostKey := writeKeys(t, tmp, s)

	// Another process may take the free port before sshd binds it; sshd
	// then exits at once, and a new port is tried.
	logFile := filepath.Join(tmp, "sshd.log")
	for range 3 {
		port := freePort(t)
		s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		conf, pidFile := writeConfig(t, tmp, port, hostKey)
		if run(t, conf, pidFile, logFile) {
			return s
		}
	}
	log, _ := os.ReadFile(logFile)
	t.Fatalf("sshd did not start:\n%s", log)
	return nil
}

// Options returns what filedrop.Dial needs to reach the server's
// directory.
func (s *Server) Options() filedrop.Options {
	return filedrop.Options{Addr: s.Addr, User: s.User, PrivateKey: s.PrivateKey,
		HostKey: s.HostKey, Dir: s.Dir, Timeout: 10 * time.Second}
}

// writeKeys generates the host key and the client key, writes the files
// sshd reads, and returns the host key file's path.
func writeKeys(t testing.TB, dir string, s *Server) string {
	t.Helper()
	hostPEM, hostPub := newKey(t, "ordo sftptest host")
	clientPEM, clientPub := newKey(t, "ordo sftptest client")
	hostFile := filepath.Join(dir, "host_ed25519")
	write(t, hostFile, hostPEM, 0o600)
	write(t, filepath.Join(dir, "authorized_keys"), []byte(clientPub+"\n"), 0o600)
	s.PrivateKey = clientPEM
	s.HostKey = hostPub
	return hostFile
}

// newKey returns a new Ed25519 private key in OpenSSH's PEM form and its
// public key in authorized_keys format.
func newKey(t testing.TB, comment string) ([]byte, string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, comment)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sshPub)))
	return pem.EncodeToMemory(block), line
}

// writeConfig writes an sshd_config for port, and returns its path and
// that of the file sshd writes its process id to once it listens.
func writeConfig(t testing.TB, dir string, port int, hostKey string) (string, string) {
	t.Helper()
	pidFile := filepath.Join(dir, "sshd.pid")
	_ = os.Remove(pidFile)
	conf := fmt.Sprintf(`Port %d
ListenAddress 127.0.0.1
HostKey %s
AuthorizedKeysFile %s
PidFile %s
Subsystem sftp internal-sftp
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
LogLevel ERROR
`, port, hostKey, filepath.Join(dir, "authorized_keys"), pidFile)
	path := filepath.Join(dir, "sshd_config")
	write(t, path, []byte(conf), 0o600)
	return path, pidFile
}

// run starts sshd with conf, its output going to logFile, and reports
// whether it listens. A started server is stopped when the test ends; its
// sessions end as their clients disconnect.
func run(t testing.TB, conf, pidFile, logFile string) bool {
	t.Helper()
	log, err := os.Create(logFile)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	cmd := exec.Command(sshd, "-D", "-e", "-f", conf)
	cmd.Stdout = log
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start sshd: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	if !listening(pidFile, exited) {
		_ = cmd.Process.Kill()
		<-exited
		return false
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		<-exited
		if b, _ := os.ReadFile(logFile); t.Failed() && len(b) > 0 {
			t.Logf("sshd said:\n%s", b)
		}
	})
	return true
}

// listening waits until sshd has written its process id, which it does
// once it listens, and reports false when it exits first or has not
// written it after ten seconds.
func listening(pidFile string, exited <-chan struct{}) bool {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return false
		default:
		}
		if b, err := os.ReadFile(pidFile); err == nil && bytes.HasSuffix(b, []byte("\n")) {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return false
}

// freePort returns a TCP port of 127.0.0.1 that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func write(t testing.TB, path string, data []byte, perm os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, data, perm); err != nil {
		t.Fatal(err)
	}
}
