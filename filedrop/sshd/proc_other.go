//go:build !linux

package sshd

import "os/exec"

// dieWithParent does nothing: only Linux stops a child with its parent. An
// sshd whose process dies without closing it keeps running there.
func dieWithParent(cmd *exec.Cmd) {}
