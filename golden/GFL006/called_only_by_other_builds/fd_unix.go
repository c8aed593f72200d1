//go:build !js

package golden

import "runtime"

type netFD struct {
	sysfd int
}

func (fd *netFD) close() error { return nil }

// This file's own netFD has no cycle.
func (fd *netFD) setAddr() {
	runtime.SetFinalizer(fd, (*netFD).close)
}

func accept(sysfd int) *netFD {
	fd := &netFD{sysfd: sysfd}
	fd.setAddr()
	return fd
}
