// gofixleak-options: --unsafe-fixes GFL003.any_owner
package golden

import "sync"

type Type struct{ name string }

// A type registry reset at package init: n may exceed len(types), so the
// reslice grows the slice into its capacity.  The clear is bounded by the
// length, so it cannot panic.
var types = make([]*Type, 0, 64)

func Restore(n int) {
	types = types[:n] // want "GFL003 the dropped elements types\\[n:\\] keep their \\*Type values alive"
}

func init() { Restore(3) }

// gob's shape: after the guard, len(idToType) <= firstUser, so the reslice
// grows the slice: nothing is dropped.
var idToType = make([]*Type, 0, 32)

const firstUser = 16

func resetIDs() {
	if next := len(idToType); next > firstUser {
		panic("too many builtin types")
	}
	idToType = idToType[:firstUser]
}

// A palette resized to an index read from the input.
type Color struct{ name string }

type decoder struct {
	palette []*Color
}

func (d *decoder) readPalette(b []byte) {
	d.palette = d.palette[:int(b[0])] // want "GFL003 the dropped elements d.palette\\[int\\(b\\[0\\]\\):\\] keep their \\*Color values alive"
}

// A pooled slice shorter than the requested length.
var rows sync.Pool

func fill(n int, f func([]*Type)) {
	r, _ := rows.Get().([]*Type)
	r = r[:n] // want "GFL003 the dropped elements r\\[n:\\] keep their \\*Type values alive while the pool holds the buffer"
	f(r)
	rows.Put(r)
}

// cap(x) is never below the length: reslicing to it drops nothing.
type temps struct{ names []*string }

func (t *temps) grow(n int) {
	if n >= len(t.names) {
		t.names = append(t.names, make([]*string, n+1-len(t.names))...)
		t.names = t.names[:cap(t.names)]
	}
}

// Proven below the length by an earlier guard that leaves the function.
type stack struct{ items []*Type }

func (s *stack) truncate(n int) {
	if n > len(s.items) {
		return
	}
	s.items = s.items[:n] // want "GFL003 the dropped elements s.items\\[n:\\] keep their \\*Type values alive"
}

// ... by min with the length.
func (s *stack) cut(n int) {
	s.items = s.items[:min(n, len(s.items))] // want "GFL003 the dropped elements s.items\\[min\\(n, len\\(s.items\\)\\):\\] keep"
}

// ... by the index of a range over the slice, leaving the loop right after.
func (s *stack) dropFrom(name string) {
	for i := range s.items {
		if s.items[i].name == name {
			s.items = s.items[:i] // want "GFL003 the dropped elements s.items\\[i:\\] keep their \\*Type values alive"
			break
		}
	}
}

// ... by a loop condition.
func (s *stack) shrinkTo(n int) {
	for n < len(s.items) {
		s.items = s.items[:n] // want "GFL003 the dropped elements s.items\\[n:\\] keep their \\*Type values alive"
	}
}

// ... by an equality on the length: 1 <= len(s.items) == 2.
func (s *stack) dropSecond() {
	if len(s.items) == 2 {
		s.items = s.items[:1] // want "GFL003 the dropped elements s.items\\[1:\\] keep their \\*Type values alive"
	}
}

// A bound of a named integer type (the compiler's ordermarker): min needs an int.
type marker int

type order struct{ temp []*Type }

func (o *order) popTemp(mark marker) {
	o.temp = o.temp[:mark] // want "GFL003 the dropped elements o.temp\\[mark:\\] keep"
}
