package golden

import "runtime"

type conn struct {
	fd  int
	buf []byte
}

type pool struct {
	c *conn
}

func release(fd int) {}

// The closure reaches the object through a copy of the pointer.
func dialCopy() *conn {
	c := &conn{fd: 3}
	cc := c
	runtime.SetFinalizer(c, func(*conn) { release(cc.fd) }) // want "GFL006 the finalizer closure uses cc \\(line 20\\), a copy of c: the object stays reachable from its own finalizer"
	return c
}

// ... or through the struct that holds it.
func dialPooled() *pool {
	p := &pool{c: &conn{fd: 4}}
	runtime.SetFinalizer(p.c, func(*conn) { release(p.c.fd) }) // want "GFL006 the finalizer closure uses p \\(line 27\\), which holds p.c: the object stays reachable"
	return p
}

// The variable points elsewhere by the time the finalizer could run: the closure
// does not keep the object.
func dialMoved() *conn {
	c := &conn{fd: 5}
	runtime.SetFinalizer(c, func(*conn) { println(c == nil) })
	c = nil
	return c
}

// The finalizer's own parameter, and a variable assigned before the call.
func dialRight() *conn {
	var c *conn
	c = &conn{fd: 6}
	runtime.SetFinalizer(c, func(c *conn) { release(c.fd) })
	return c
}

func dialAssigned() *conn {
	var c *conn
	c = &conn{fd: 7}
	runtime.SetFinalizer(c, func(*conn) { release(c.fd) }) // want "GFL006 the finalizer closure uses c itself \\(line 51\\)"
	return c
}
