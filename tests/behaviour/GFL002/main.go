// Programs whose meaning depends on the capacity a subslice carries.  gofixleak must leave them
// working: a copy (whose capacity is its length) in place of any of these views breaks them.
package main

import (
	"fmt"
	"os"
)

// An interpreter reserving capacity for a slot: appends within it must not move the slot's
// elements, because the interpreter hands out pointers into them.
type Value struct{ n int }

type Frame struct {
	env map[int][]Value
}

func (f *Frame) alloc(id, length, capacity int) {
	slice := make([]Value, capacity)
	f.env[id] = slice[:length]
}

// A buffer grown by an append-style encoder and kept for reuse: the next encoding must not
// allocate again.
type ByteBuffer struct {
	B []byte
}

func marshalTag(dst, tag []byte) []byte { return append(dst, tag...) }

func matchTags(kb *ByteBuffer, tag []byte) []byte {
	b := marshalTag(kb.B, tag)
	kb.B = b[:len(kb.B)]
	return b
}

// A record whose accessor reads past the suffix's length, into the rest of the array.
type record struct {
	suffix []byte
}

func (c *record) parse(buf []byte) {
	c.suffix = buf[32:48]
}

func (c *record) fullSuffix() []byte { return c.suffix[:cap(c.suffix)] }

func fail(format string, args ...any) {
	fmt.Printf(format+"\n", args...)
	os.Exit(1)
}

func main() {
	f := &Frame{env: map[int][]Value{}}
	f.alloc(1, 2, 64)
	first := &f.env[1][0]
	f.env[1] = append(f.env[1], Value{3})
	if &f.env[1][0] != first {
		fail("the slot's reserved capacity is gone: append moved its elements")
	}

	kb := &ByteBuffer{}
	tag := make([]byte, 1024)
	matchTags(kb, tag)
	if cap(kb.B) < len(tag) {
		fail("the grown buffer was not kept for reuse: cap %d", cap(kb.B))
	}

	buf := make([]byte, 4096)
	buf[100] = 7
	var c record
	c.parse(buf)
	if rest := c.fullSuffix(); len(rest) <= 100-32 || rest[100-32] != 7 {
		fail("the record no longer sees the rest of its buffer")
	}
	fmt.Println("ok")
}
