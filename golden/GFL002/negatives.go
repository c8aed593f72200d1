// gofixleak-options: GFL002.any_size
package golden

import (
	"bytes"
	"unsafe"
)

type Cursor struct {
	rest  []byte
	items []*Cursor
	title string
	buf   []byte
	lines [][]byte
}

// Advancing a cursor over its own slice keeps nothing new alive.
func (c *Cursor) advance(n int) {
	c.rest = c.rest[n:]
}

// A local copy of the owner's header put back into the owner.
func (c *Cursor) pop() *Cursor {
	old := c.items
	n := len(old)
	x := old[n-1]
	c.items = old[:n-1]
	return x
}

// Subslices kept in locals, returned or passed on.
func head(b []byte) []byte {
	first := b[:4]
	if bytes.Equal(first, []byte("GIF8")) {
		return b[6:10]
	}
	consume(b[1:])
	return nil
}

func consume([]byte) {}

// The whole slice is not a subslice.
func (c *Cursor) whole(b []byte) {
	c.buf = b[:]
	c.buf = b[0:]
	c.buf = b[:len(b)]
}

// Strings are substrings (GFL001's business); conversions and spread appends copy.
func (c *Cursor) copies(s string, b []byte) {
	c.title = s[1:]
	c.title = string(b[1:])
	c.buf = append(c.buf, b[1:]...)
}

// A subslice of an element of the owner's own slice.
func (c *Cursor) trimLines() {
	for i, line := range c.lines {
		c.lines[i] = line[1:]
	}
}

// All but a constant number of elements: at most that many are kept for nothing.
func (c *Cursor) trims(b []byte) {
	c.buf = b[4:]
	c.buf = b[:len(b)-1]
	c.buf = b[2 : len(b)-2]
}

// An empty view kept for its capacity, to be appended to later.
func (c *Cursor) reuse(b []byte) {
	c.buf = b[:0]
	c.buf = b[0:0:len(b)]
}

// A prefix of a call's result reserves capacity (or views a shared table).
func (c *Cursor) reserve(n int) {
	c.buf = make([]byte, 2*n)[:n]
	c.buf = append(c.buf, 0)[:len(c.buf)]
}

// Package-level arrays and never-reassigned tables live forever anyway.
var (
	table  [1 << 16]byte
	consts = []*Cursor{{}, {}, {}}
	picked []*Cursor
)

func pick(i int) {
	picked = consts[i : i+1]
	picked = nil
	_ = table[:]
}

func (c *Cursor) fromTable(i, j int) {
	c.buf = table[i:j]
}

// A pointer converted from unsafe.Pointer views memory the garbage collector does not own.
func (c *Cursor) raw(p unsafe.Pointer, n int) {
	arr := (*[1 << 20]byte)(p)
	c.buf = arr[10:n]
	c.buf = (*[1 << 20]byte)(p)[10:n]
	var table *[1 << 20]byte
	if n > 0 {
		table = (*[1 << 20]byte)(p)
	}
	c.buf = table[n:][:n]
}

// The whole array, with its length or capacity as the bound.
func (c *Cursor) full(b []byte) {
	c.buf = b[0:cap(b)]
	c.buf = b[:len(b):len(b)]
}

// Carving pieces out of the owner's own arena: the owner keeps the arena anyway.
type arena struct {
	free    []entry
	freeBuf []byte
}

type entry struct{ data []byte }

func (a *arena) alloc(n int) *entry {
	e := &a.free[0]
	a.free = a.free[1:]
	e.data = a.freeBuf[:n:n]
	a.freeBuf = a.freeBuf[n:]
	return e
}

// Partitioning one array into pieces, in a loop and after it: together they cover what is kept.
type scope struct{ vars []*Cursor }

func partition(vars []*Cursor, scopes []scope, owner []int) {
	i0 := 0
	for i := range vars {
		if owner[i] == owner[i0] {
			continue
		}
		scopes[owner[i0]].vars = vars[i0:i]
		i0 = i
	}
	scopes[owner[i0]].vars = vars[i0:]
}
