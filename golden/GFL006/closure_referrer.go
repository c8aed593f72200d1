package golden

import "runtime"

type handle struct{ fd int }

type owner struct {
	h    *handle
	name string
}

func closeHandle(fd int) {}

// The closure uses an object that holds the finalized one: it stays reachable.
func openOwned() *owner {
	h := &handle{fd: 3}
	o := &owner{h: h, name: "a"}
	runtime.SetFinalizer(h, func(*handle) { println(o.name) }) // want "GFL006 the finalizer closure uses o \\(line 18\\), which references h \\(o.h → h\\)"
	return o
}

// Linked by an assignment after the literal.
func openLinked() *owner {
	h := &handle{fd: 4}
	o := &owner{name: "b"}
	o.h = h
	runtime.SetFinalizer(h, func(*handle) { println(o.name) }) // want "GFL006 the finalizer closure uses o \\(line 27\\), which references h \\(o.h → h\\)"
	return o
}

// The holder is set again later: it may reference another object by then.
func openMoved() *owner {
	h := &handle{fd: 5}
	o := &owner{h: h}
	runtime.SetFinalizer(h, func(*handle) { println(o == nil) })
	o = nil
	return o
}

// The object variable is set again before the call: the holder keeps the first object.
func openSwapped() *owner {
	h := &handle{fd: 6}
	o := &owner{h: h}
	h = &handle{fd: 7}
	runtime.SetFinalizer(h, func(h *handle) { closeHandle(h.fd); println(o.name) })
	return o
}

// A closure that only uses its parameter.
func openClean() *owner {
	h := &handle{fd: 8}
	o := &owner{h: h}
	runtime.SetFinalizer(h, func(h *handle) { closeHandle(h.fd) })
	return o
}
