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

// setAddr is called in this build (by newFakeNetFD), on a netFD linked into a cycle.
func (fd *netFD) setAddr() {
	runtime.SetFinalizer(fd, (*netFD).close) // want "GFL006 finalizer on \\*netFD, a type that can reach itself \\(netFD.fakeNetFD → fakeNetFD.fd → netFD\\)"
}

func newFakeNetFD() *netFD {
	fd := &netFD{}
	fd.fakeNetFD = &fakeNetFD{fd: fd}
	fd.setAddr()
	return fd
}
