package sshd

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel stop sshd when the process that started it
// dies without closing it, as a test that times out does. The signal comes
// when the thread that started sshd exits, which the Go runtime does not
// do to a thread of its own while the process runs.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
