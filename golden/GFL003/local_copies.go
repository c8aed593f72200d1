package golden

type Item struct{ name string }

type List struct {
	items []*Item
	all   [][]*Item
}

// A copy of the header taken before a loop is read on the next iteration, after the pop.
func (l *List) drain(use func(*Item)) {
	items := l.items
	for i := 0; len(l.items) > 0; i++ {
		use(items[i])
		l.items = l.items[1:] // want "GFL003 l.items\\[0\\] keeps its \\*Item alive"
	}
}

// The local slice is appended to another variable, not to itself: the result shares its array.
func (l *List) window() []*Item {
	s := make([]*Item, 0, 4)
	s = append(s, &Item{"a"}, &Item{"b"}, &Item{"c"})
	l.all = append(l.all, append(s, nil))
	return s[1:] // want "GFL003 s\\[0\\], outside the returned window s\\[1:\\]"
}
