package filedrop_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/crypto/ssh"

	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/filedrop/sftptest"
)

func TestDialChecksTheHostKey(t *testing.T) {
	s := sftptest.Start(t)
	hostKey, _, _, _, err := ssh.ParseAuthorizedKey([]byte(s.HostKey))
	if err != nil {
		t.Fatal(err)
	}
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		hostKey string
		refused bool
	}{
		{"the server's key", s.HostKey, false},
		{"the server's fingerprint", ssh.FingerprintSHA256(hostKey), false},
		{"another key", string(ssh.MarshalAuthorizedKey(other)), true},
		{"another fingerprint", ssh.FingerprintSHA256(other), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := s.Options()
			opts.HostKey = tt.hostKey
			c, err := filedrop.Dial(context.Background(), opts)
			if err == nil {
				c.Close()
			}
			if refused := errors.Is(err, filedrop.ErrHostKey); refused != tt.refused {
				t.Fatalf("Dial returned %v; want refused %v", err, tt.refused)
			}
			if tt.refused && !strings.Contains(err.Error(), ssh.FingerprintSHA256(hostKey)) {
				t.Errorf("error %q does not name the key the server presented", err)
			}
		})
	}
}

func TestDialChecksItsOptions(t *testing.T) {
	s := sftptest.Start(t)
	tests := []struct {
		name string
		edit func(*filedrop.Options)
		want string
	}{
		{
			name: "nothing given",
			edit: func(o *filedrop.Options) { *o = filedrop.Options{} },
			want: "filedrop: options: Addr is missing; give the server's host:port\n" +
				"filedrop: options: User is missing\n" +
				"filedrop: options: Password or PrivateKey is needed\n" +
				"filedrop: options: HostKey is missing; give the server's public host " +
				"key or its SHA256 fingerprint (ssh-keyscan or ssh-keygen -lf prints them)",
		},
		{
			name: "a host key that does not parse",
			edit: func(o *filedrop.Options) { o.HostKey = "ssh-ed25519 AAAA" },
			want: "filedrop: options: HostKey is neither a public key in authorized_keys " +
				"format nor a SHA256: fingerprint: ssh: no key found; last parsing " +
				"error for ignored line: ssh: short read",
		},
		{
			name: "a directory that is not there",
			edit: func(o *filedrop.Options) { o.Dir = filepath.Join(s.Dir, "missing") },
			want: "filedrop: directory " + filepath.Join(s.Dir, "missing") + " on " + s.Addr +
				": file does not exist",
		},
		{
			name: "a key the server does not accept",
			edit: func(o *filedrop.Options) { o.PrivateKey = sftptest.Start(t).PrivateKey },
			want: "filedrop: log in to " + s.Addr + ": ssh: handshake failed: ssh: unable " +
				"to authenticate, attempted methods [none publickey], no supported " +
				"methods remain",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := s.Options()
			tt.edit(&opts)
			c, err := filedrop.Dial(context.Background(), opts)
			if err == nil {
				c.Close()
				t.Fatal("Dial succeeded")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOptionsPrintNoSecret(t *testing.T) {
	opts := filedrop.Options{Addr: "sftp.example.com:22", User: "ordo", Password: "hunter2",
		PrivateKey: []byte("-----BEGIN OPENSSH PRIVATE KEY-----"), Dir: "/inbound"}
	want := "sftp://ordo@sftp.example.com:22 (dir /inbound)"
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(format, opts); got != want {
			t.Errorf("%s prints %q; want %q", format, got, want)
		}
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("dial", "sftp", opts)
	if got := logged.String(); !strings.Contains(got, want) || strings.Contains(got, "hunter2") {
		t.Errorf("slog logs %s; want %q and no password", got, want)
	}
}

// TestClientCancel checks that a call whose context has ended fails with
// the context's error before it is sent, leaving the connection usable.
func TestClientCancel(t *testing.T) {
	s := sftptest.Start(t)
	c := dial(t, s.Options())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.List(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("List with an ended context returned %v; want context.Canceled", err)
	}
	if _, err := c.Stat(context.Background(), "x"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat of a missing file returned %v; want fs.ErrNotExist", err)
	}
}

func TestDirRefusesNamesOutside(t *testing.T) {
	s := sftptest.Start(t)
	dirs := map[string]filedrop.Dir{"local": filedrop.LocalDir(t.TempDir()),
		"sftp": dial(t, s.Options())}
	for name, d := range dirs {
		for _, bad := range []string{"../x", "/etc/passwd", "a/../../x", "."} {
			if _, err := d.ReadFile(context.Background(), bad); err == nil ||
				!strings.Contains(err.Error(), "is not a name inside the directory") {
				t.Errorf("%s: ReadFile(%q) returned %v; want a refusal", name, bad, err)
			}
		}
	}
}

// TestDialTimesOut checks that a server that accepts the connection but
// never answers fails Dial once Timeout has passed.
func TestDialTimesOut(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	s := sftptest.Start(t)
	opts := s.Options()
	opts.Addr = l.Addr().String()
	opts.Timeout = 50 * time.Millisecond
	_, err = filedrop.Dial(context.Background(), opts)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Dial returned %v; want context.DeadlineExceeded", err)
	}
}
