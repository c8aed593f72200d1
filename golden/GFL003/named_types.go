// gofixleak-options: GFL003.any_owner
package golden

import (
	sl "slices"
)

type Handler func()

// A named slice type with its own methods (unexported, so no other package makes one).
type handlers []Handler

func (hs *handlers) PopLast() Handler {
	h := (*hs)[len(*hs)-1]
	*hs = (*hs)[:len(*hs)-1] // want "GFL003 \\(\\*hs\\)\\[len\\(\\*hs\\)-1\\] keeps its Handler alive"
	return h
}

// An alias of a slice type.
type Waiters = []chan struct{}

type Mutex struct {
	waiters Waiters
	names   map[string][]string
	order   [][]string
}

func (m *Mutex) wake() {
	w := m.waiters[0]
	m.waiters = m.waiters[1:] // want "GFL003 m.waiters\\[0\\] keeps its chan struct\\{\\} alive"
	close(w)
}

// Deleting with a renamed import of slices reuses the name.
func (m *Mutex) forget(i int) {
	m.order = append(m.order[:i], m.order[i+1:]...) // want "GFL003 the element this deletion leaves behind at the end of m.order keeps its \\[\\]string alive"
}

func sorted(xs []int) []int {
	sl.Sort(xs)
	return xs
}
