// The four growing-reslice shapes that crashed programs once gofixleak's
// unsafe GFL003 fixes were applied: each reslice here may grow the slice into
// its spare capacity, so a fix that clears s[n:] would panic with "slice
// bounds out of range".  The program must run to the end with every fix applied.
package main

import (
	"fmt"
	"sync"
)

type Type struct{ name string }

// A type registry reset at package init: the length grows from 0 to 3.
var types = make([]*Type, 0, 64)

func Restore(n int) {
	types = types[:n]
}

func init() { Restore(3) }

// A palette resized to an index read from the input.
type Color struct{ name string }

type decoder struct {
	palette []*Color
}

func (d *decoder) readPalette(b []byte) {
	d.palette = d.palette[:int(b[0])]
}

// A pooled slice shorter than the requested length.
var rows = sync.Pool{New: func() any { return make([]*Type, 0, 16) }}

func fill(n int) int {
	r := rows.Get().([]*Type)
	r = r[:n]
	for i := range r {
		r[i] = &Type{name: fmt.Sprint(i)}
	}
	got := len(r)
	rows.Put(r)
	return got
}

// The compiler's temporaries: reslicing to the capacity drops nothing.
type temps struct{ names []*string }

func (t *temps) grow(n int) {
	if n >= len(t.names) {
		t.names = append(t.names, make([]*string, n+1-len(t.names))...)
		t.names = t.names[:cap(t.names)]
	}
}

// A stack truncated to a mark taken before pushes (a real truncation).
type stack struct{ items []*Type }

func (s *stack) truncate(n int) {
	s.items = s.items[:n]
}

func main() {
	d := &decoder{palette: make([]*Color, 2, 256)}
	d.readPalette([]byte{200})
	d.readPalette([]byte{1})
	fmt.Println(len(types), len(d.palette), fill(5), fill(12))
	var t temps
	t.grow(3)
	t.grow(9)
	var s stack
	mark := len(s.items)
	s.items = append(s.items, &Type{"a"}, &Type{"b"})
	s.truncate(mark)
	fmt.Println(len(t.names) >= 10, len(s.items))
	fmt.Println("ok")
}
