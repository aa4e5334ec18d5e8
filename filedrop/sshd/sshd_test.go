package sshd_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ordo-oms/ordo/filedrop"
	"github.com/ordo-oms/ordo/filedrop/sshd"
)

// TestServer dials a started server, exchanges a file each way between the
// SFTP client and the local file system, and finds the server gone once
// closed. Like filedrop/sftptest, it fails rather than skip without sshd.
func TestServer(t *testing.T) {
	if !sshd.Installed() {
		t.Fatalf("%s is missing: scripts/test.sh installs OpenSSH's server", sshd.Binary)
	}
	s, err := sshd.Start(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	c, err := filedrop.Dial(ctx, s.Options())
	if err != nil {
		t.Fatalf("dial: %v\nsshd said:\n%s", err, s.Log())
	}
	defer c.Close()

	if err := c.WriteFile(ctx, "out.csv", []byte("sku,on_hand\n")); err != nil {
		t.Fatalf("write over SFTP: %v", err)
	}
	if got, err := os.ReadFile(filepath.Join(s.Root(), "out.csv")); err != nil ||
		string(got) != "sku,on_hand\n" {
		t.Errorf("out.csv in Root holds %q (%v); want what was written over SFTP", got, err)
	}
	if err := os.WriteFile(filepath.Join(s.Root(), "in.csv"), []byte("TEE,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := c.ReadFile(ctx, "in.csv"); err != nil || string(got) != "TEE,3\n" {
		t.Errorf("in.csv over SFTP holds %q (%v); want what was written in Root", got, err)
	}

	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if c, err := filedrop.Dial(ctx, s.Options()); err == nil {
		c.Close()
		t.Error("dial after Close succeeded; want the server gone")
	}
}
