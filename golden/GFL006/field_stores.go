package golden

import (
	"runtime"
	"sync/atomic"
)

// Clearing a field stores no reference: a field only ever set to nil links nothing.
type segment struct {
	fd   int
	next *segment
}

func (s *segment) detach() { s.next = nil }

func openSegment(fd int) *segment {
	s := &segment{fd: fd, next: nil}
	runtime.SetFinalizer(s, func(*segment) {})
	return s
}

// A method of the field's generic type keeps its argument: the field links.
type session struct {
	id   int
	self atomic.Pointer[session]
}

func openSession(id int) *session {
	s := &session{id: id}
	s.self.Store(s)
	runtime.SetFinalizer(s, func(*session) {}) // want "GFL006 finalizer on \\*session, a type that can reach itself \\(session.self → session\\)"
	return s
}
