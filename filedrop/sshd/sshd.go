// Package sshd runs OpenSSH's server as a private SFTP server: one sshd on
// a free port of 127.0.0.1, with a host key of its own and the one client
// key it accepts, serving a directory that a local process can read and
// write too. Tests reach it through filedrop/sftptest; the demo plays its
// 3PL on it.
package sshd

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/ordo-oms/ordo/filedrop"
)

// Binary is the OpenSSH server that Start runs.
const Binary = "/usr/sbin/sshd"

// Installed reports whether Binary exists.
func Installed() bool {
	_, err := os.Stat(Binary)
	return err == nil
}

// Server is a running sshd that offers SFTP.
type Server struct {
	opts    filedrop.Options
	logFile string
	cmd     *exec.Cmd
	exited  chan struct{}
}

// Start runs sshd with its keys, configuration, log and served directory
// in dir, which it creates when missing and which the caller removes once
// the server is closed. The user the client key logs in as is the one
// running the process. Start returns an error when sshd is missing or
// does not start.
func Start(dir string) (*Server, error) {
	if !Installed() {
		return nil, fmt.Errorf("sshd: %s is not installed", Binary)
	}
	// sshd refuses to start without its privilege separation directory.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		return nil, fmt.Errorf("sshd: privilege separation directory: %w", err)
	}
	u, err := user.Current()
	if err != nil {
		return nil, fmt.Errorf("sshd: current user: %w", err)
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return nil, fmt.Errorf("sshd: %w", err)
	}
	s := &Server{opts: filedrop.Options{User: u.Username, Dir: filepath.Join(dir, "files"),
		Timeout: 10 * time.Second}, logFile: filepath.Join(dir, "sshd.log")}
	if err := os.MkdirAll(s.opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("sshd: %w", err)
	}
	hostKey, err := s.writeKeys(dir)
	if err != nil {
		return nil, fmt.Errorf("sshd: %w", err)
	}

	// Another process may take the free port before sshd binds it; sshd
	// then exits at once, and a new port is tried.
	for range 3 {
		port, err := freePort()
		if err != nil {
			return nil, fmt.Errorf("sshd: %w", err)
		}
		s.opts.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		conf, pidFile, err := writeConfig(dir, port, hostKey)
		if err != nil {
			return nil, fmt.Errorf("sshd: %w", err)
		}
		ok, err := s.run(conf, pidFile)
		if err != nil {
			return nil, fmt.Errorf("sshd: %w", err)
		}
		if ok {
			return s, nil
		}
	}
	return nil, fmt.Errorf("sshd: did not start:\n%s", s.Log())
}

// Options returns what filedrop.Dial needs to reach the served directory.
func (s *Server) Options() filedrop.Options { return s.opts }

// Root returns the local path of the served directory, which is also its
// path on the server.
func (s *Server) Root() string { return s.opts.Dir }

// Log returns what sshd has written to its log: errors only.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.logFile)
	return string(b)
}

// Close stops sshd and waits for it to exit. Sessions still open end as
// their clients disconnect.
func (s *Server) Close() error {
	err := s.cmd.Process.Signal(syscall.SIGTERM)
	<-s.exited
	if err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("sshd: stop: %w", err)
	}
	return nil
}

// writeKeys generates the host key and the client key, writes the files
// sshd reads, and returns the host key file's path.
func (s *Server) writeKeys(dir string) (string, error) {
	hostPEM, hostPub, err := newKey("ordo sshd host")
	if err != nil {
		return "", err
	}
	clientPEM, clientPub, err := newKey("ordo sshd client")
	if err != nil {
		return "", err
	}
	hostFile := filepath.Join(dir, "host_ed25519")
	if err := os.WriteFile(hostFile, hostPEM, 0o600); err != nil {
		return "", err
	}
	err = os.WriteFile(filepath.Join(dir, "authorized_keys"), []byte(clientPub+"\n"), 0o600)
	if err != nil {
		return "", err
	}
	s.opts.PrivateKey = clientPEM
	s.opts.HostKey = hostPub
	return hostFile, nil
}

// newKey returns a new Ed25519 private key in OpenSSH's PEM form and its
// public key in authorized_keys format.
func newKey(comment string) ([]byte, string, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, "", fmt.Errorf("generate key: %w", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, comment)
	if err != nil {
		return nil, "", fmt.Errorf("marshal key: %w", err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		return nil, "", fmt.Errorf("public key: %w", err)
	}
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sshPub)))
	return pem.EncodeToMemory(block), line, nil
}

// writeConfig writes an sshd_config for port, and returns its path and
// that of the file sshd writes its process id to once it listens.
func writeConfig(dir string, port int, hostKey string) (string, string, error) {
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
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		return "", "", err
	}
	return path, pidFile, nil
}

// run starts sshd with conf, its output going to the log, and reports
// whether it listens; one that does not is stopped.
func (s *Server) run(conf, pidFile string) (bool, error) {
	log, err := os.Create(s.logFile)
	if err != nil {
		return false, err
	}
	defer log.Close()
	cmd := exec.Command(Binary, "-D", "-e", "-f", conf)
	cmd.Stdout = log
	cmd.Stderr = log
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return false, fmt.Errorf("start: %w", err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	if !listening(pidFile, exited) {
		_ = cmd.Process.Kill()
		<-exited
		return false, nil
	}
	s.cmd, s.exited = cmd, exited
	return true, nil
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
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
