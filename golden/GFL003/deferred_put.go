// gofixleak-options: GFL003.any_owner
package golden

import "sync"

type Span struct{ name string }

var spanPool sync.Pool

func total(spans []*Span) int {
	n := 0
	for _, s := range spans {
		n += len(s.name)
	}
	return n
}

// The deferred Put runs when the function returns; clearing the buffer at the
// defer statement would empty it while it is still being used.
func measure(spans []*Span) int {
	buf, _ := spanPool.Get().([]*Span)
	buf = append(buf, spans...)
	defer spanPool.Put(buf[:0]) // want "GFL003 the elements of buf dropped by resetting it to length 0 keep their \\*Span values alive while the pool holds the buffer"
	return total(buf)
}

// Inside a deferred function literal the zeroing runs with the Put.
func measureLater(spans []*Span) int {
	buf, _ := spanPool.Get().([]*Span)
	buf = append(buf, spans...)
	defer func() {
		spanPool.Put(buf[:0]) // want "GFL003 the elements of buf dropped by resetting it to length 0"
	}()
	n := 0
	for _, s := range buf {
		n += len(s.name)
	}
	return n
}

var batches [][]*Span

// The buffer was also kept elsewhere before it went back to the pool: clearing it
// would empty the kept batch too, so the fix is unsafe.
func collect(spans []*Span) {
	buf, _ := spanPool.Get().([]*Span)
	buf = append(buf, spans...)
	batches = append(batches, buf)
	buf = buf[:0] // want "GFL003 the elements of buf dropped by resetting it to length 0"
	spanPool.Put(buf)
}
