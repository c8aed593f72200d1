// gofixleak-options: GFL003.any_owner
package golden

type Entry struct{ name string }

type Shelf struct {
	items []*Entry
	all   [][]*Entry
}

// A copy of the header taken before a loop is read on the next iteration, after the pop.
func (l *Shelf) drain(use func(*Entry)) {
	items := l.items
	for i := 0; len(l.items) > 0; i++ {
		use(items[i])
		l.items = l.items[1:] // want "GFL003 l.items\\[0\\] keeps its \\*Entry alive"
	}
}

// The local slice is appended to another variable, not to itself: the result shares its array.
func (l *Shelf) window() []*Entry {
	s := make([]*Entry, 0, 4)
	s = append(s, &Entry{"a"}, &Entry{"b"}, &Entry{"c"})
	l.all = append(l.all, append(s, nil))
	return s[1:] // want "GFL003 s\\[0\\], outside the returned window s\\[1:\\]"
}
