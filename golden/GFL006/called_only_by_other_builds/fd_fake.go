//go:build js

package golden

import "runtime"

type netFD struct {
	*fakeNetFD
}

type fakeNetFD struct {
	fd *netFD
}

func (fd *netFD) close() error { return nil }

// setAddr is called only from fd_unix.go, which this file's build excludes: no
// netFD of this build ever gets the finalizer, cyclic or not.
func (fd *netFD) setAddr() {
	runtime.SetFinalizer(fd, (*netFD).close)
}

func newFakeNetFD() *netFD {
	fd := &netFD{}
	fd.fakeNetFD = &fakeNetFD{fd: fd}
	return fd
}
