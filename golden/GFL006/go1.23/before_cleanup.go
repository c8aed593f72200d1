package golden

import "runtime"

type session struct {
	id   int
	prev *session
}

// Before Go 1.24 there is no runtime.AddCleanup: the advice is to break the cycle.
func start(prev *session) *session {
	s := &session{id: 1, prev: prev}
	runtime.SetFinalizer(s, func(*session) {}) // want "GFL006 finalizer on \\*session, .*\\(session.prev → session\\).*; break the cycle before the object is dropped, or finalize a separate object that holds only the resource; GODEBUG=checkfinalizers=1"
	return s
}
