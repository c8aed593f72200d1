package golden

import (
	rt "runtime"
)

// Two types that point at each other.
type conn struct {
	fd   int
	pool *pool
}

type pool struct {
	idle []*conn
}

// An alias on the way is followed to what it names.
type connList = []*conn

type server struct {
	conns connList
	owner *listener
}

type listener struct {
	srv *server
}

func closeConn(c *conn) {}

func open(p *pool) *conn {
	c := &conn{fd: 3, pool: p}
	rt.SetFinalizer(c, closeConn) // want "GFL006 finalizer on \\*conn, a type that can reach itself \\(conn.pool → pool.idle → conn\\)"
	return c
}

func serve() *server {
	s := &server{}
	rt.SetFinalizer(s, func(s *server) {}) // want "GFL006 finalizer on \\*server, a type that can reach itself \\(server.owner → listener.srv → server\\)"
	return s
}

// The cycle runs through an alias of a map type.
type peers = map[string]*member

type member struct {
	name string
	all  peers
}

func join(m *member) {
	rt.SetFinalizer(m, func(*member) {}) // want "GFL006 finalizer on \\*member, a type that can reach itself \\(member.all → member\\)"
}

// The links are stored somewhere in the package: the cycles can form.
func (p *pool) put(c *conn) {
	p.idle = append(p.idle, c)
}

func listen(s *server) *listener {
	l := &listener{srv: s}
	s.owner = l
	return l
}

func (m *member) meet(other *member) {
	m.all[other.name] = other
}
