package filedrop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// Client is a directory on an SFTP server, used as a Dir. It is safe for
// concurrent use. A call whose context ends before the server answers
// closes the connection, since SFTP cannot abandon a request; Dial again
// after that.
type Client struct {
	ssh  *ssh.Client
	sftp *sftp.Client
	dir  string
	// posixRename is whether the server can replace a file by renaming
	// another onto it, as OpenSSH's can.
	posixRename bool
}

var _ Dir = (*Client)(nil)

// Dial connects to the SFTP server of opts, checks its host key, logs in
// and checks that the directory exists. A host key other than the
// configured one fails with an error wrapping ErrHostKey.
func Dial(ctx context.Context, opts Options) (*Client, error) {
	cfg, err := clientConfig(opts)
	if err != nil {
		return nil, err
	}
	addr := opts.Addr
	if _, _, err := net.SplitHostPort(addr); err != nil {
		addr = net.JoinHostPort(addr, "22")
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("filedrop: connect to %s: %w", addr, err)
	}
	// Logging in and starting SFTP end with ctx: closing the connection
	// interrupts them.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	c, err := start(conn, addr, cfg, opts.Dir)
	if !stop() {
		return nil, fmt.Errorf("filedrop: connect to %s: %w", addr, ctx.Err())
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

// clientConfig returns how to log in with opts.
func clientConfig(opts Options) (*ssh.ClientConfig, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	check, algos, err := hostKey(opts.HostKey)
	if err != nil {
		return nil, err
	}
	cfg := &ssh.ClientConfig{User: opts.User, HostKeyCallback: check, HostKeyAlgorithms: algos}
	if len(opts.PrivateKey) > 0 {
		signer, err := ssh.ParsePrivateKey(opts.PrivateKey)
		if err != nil {
			return nil, fmt.Errorf("filedrop: options: PrivateKey: %w", err)
		}
		cfg.Auth = append(cfg.Auth, ssh.PublicKeys(signer))
	}
	if opts.Password != "" {
		cfg.Auth = append(cfg.Auth, ssh.Password(opts.Password))
	}
	return cfg, nil
}

// start logs in on conn, starts SFTP and checks the directory.
func start(conn net.Conn, addr string, cfg *ssh.ClientConfig, dir string) (*Client, error) {
	sc, chans, reqs, err := ssh.NewClientConn(conn, addr, cfg)
	if err != nil {
		return nil, fmt.Errorf("filedrop: log in to %s: %w", addr, err)
	}
	client := ssh.NewClient(sc, chans, reqs)
	// Writes go out without waiting for each other; a failed write leaves
	// holes only in the temporary file of a Put.
	s, err := sftp.NewClient(client, sftp.UseConcurrentWrites(true))
	if err != nil {
		client.Close()
		return nil, fmt.Errorf("filedrop: start sftp on %s: %w", addr, err)
	}
	if dir == "" {
		dir = "."
	}
	fi, err := s.Stat(dir)
	if err == nil && !fi.IsDir() {
		err = errors.New("not a directory")
	}
	if err != nil {
		client.Close()
		return nil, fmt.Errorf("filedrop: directory %s on %s: %w", dir, addr, err)
	}
	_, posix := s.HasExtension("posix-rename@openssh.com")
	return &Client{ssh: client, sftp: s, dir: dir, posixRename: posix}, nil
}

// Close ends the connection.
func (c *Client) Close() error {
	// Closing the connection ends SFTP whatever this returns.
	_ = c.sftp.Close()
	if err := c.ssh.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("filedrop: close: %w", err)
	}
	return nil
}

// List returns the regular files directly in the directory.
func (c *Client) List(ctx context.Context) ([]Entry, error) {
	var out []Entry
	err := c.do(ctx, "list", c.dir, func() error {
		fis, err := c.sftp.ReadDirContext(ctx, c.dir)
		for _, fi := range fis {
			if fi.Mode().IsRegular() {
				out = append(out, entry(fi))
			}
		}
		return err
	})
	return out, err
}

// Stat describes a file.
func (c *Client) Stat(ctx context.Context, name string) (Entry, error) {
	var e Entry
	err := c.named(ctx, "stat", name, func(p string) error {
		fi, err := c.sftp.Stat(p)
		if err == nil {
			e = entry(fi)
		}
		return err
	})
	return e, err
}

// ReadFile returns a file's content.
func (c *Client) ReadFile(ctx context.Context, name string) ([]byte, error) {
	var buf bytes.Buffer
	err := c.named(ctx, "read", name, func(p string) error {
		f, err := c.sftp.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = f.WriteTo(&buf)
		return err
	})
	return buf.Bytes(), err
}

// WriteFile creates or truncates a file and writes data to it.
func (c *Client) WriteFile(ctx context.Context, name string, data []byte) error {
	return c.named(ctx, "write", name, func(p string) error {
		f, err := c.sftp.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_TRUNC)
		if err != nil {
			return err
		}
		_, err = f.ReadFrom(bytes.NewReader(data))
		return errors.Join(err, f.Close())
	})
}

// Rename moves a file, atomically replacing newname if it exists. A server
// without OpenSSH's posix-rename extension cannot replace a file, and
// Rename then fails when newname exists.
func (c *Client) Rename(ctx context.Context, oldname, newname string) error {
	if err := checkName(newname); err != nil {
		return err
	}
	to := path.Join(c.dir, newname)
	return c.named(ctx, "rename", oldname, func(from string) error {
		if c.posixRename {
			return c.sftp.PosixRename(from, to)
		}
		return c.sftp.Rename(from, to)
	})
}

// MkdirAll creates a directory, and its parents, unless it exists.
func (c *Client) MkdirAll(ctx context.Context, name string) error {
	return c.named(ctx, "create directory", name, c.sftp.MkdirAll)
}

// Remove deletes a file.
func (c *Client) Remove(ctx context.Context, name string) error {
	return c.named(ctx, "remove", name, c.sftp.Remove)
}

// named runs fn on the server's path for name.
func (c *Client) named(ctx context.Context, op, name string, fn func(p string) error) error {
	if err := checkName(name); err != nil {
		return err
	}
	p := path.Join(c.dir, name)
	return c.do(ctx, op, p, func() error { return fn(p) })
}

// do runs fn, closing the connection should ctx end first.
func (c *Client) do(ctx context.Context, op, p string, fn func() error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("filedrop: %s %s: %w", op, p, err)
	}
	stop := context.AfterFunc(ctx, func() { c.ssh.Close() })
	err := fn()
	if !stop() {
		err = ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("filedrop: %s %s: %w", op, p, err)
	}
	return nil
}
