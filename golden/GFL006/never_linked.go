package golden

import "runtime"

// The next field is never set anywhere in the package: every item stays alone,
// so its finalizer can run.
type item struct {
	fd   int
	next *item
}

func closeItem(it *item) {}

func newItem(fd int) *item {
	it := &item{fd: fd}
	runtime.SetFinalizer(it, closeItem)
	return it
}

// A slice of children that nothing fills is no cycle either.
type group struct {
	name    string
	members []*group
	lookup  map[string]*group
}

func newGroup(name string) *group {
	g := &group{name: name}
	runtime.SetFinalizer(g, func(*group) {})
	return g
}

// A positional literal sets every field.
type link struct {
	fd   int
	prev *link
}

func chain(prev *link) *link {
	l := &link{3, prev}
	runtime.SetFinalizer(l, func(*link) {}) // want "GFL006 finalizer on \\*link, a type that can reach itself \\(link.prev → link\\)"
	return l
}

// Taking the address of the field lets anything store into it.
type slot struct {
	fd   int
	peer *slot
}

func bind(s *slot, into func(**slot)) {
	into(&s.peer)
	runtime.SetFinalizer(s, func(*slot) {}) // want "GFL006 finalizer on \\*slot, a type that can reach itself \\(slot.peer → slot\\)"
}

// Another package may set an exported field.
type Entry struct {
	FD   int
	Next *Entry
}

func NewEntry(fd int) *Entry {
	e := &Entry{FD: fd}
	runtime.SetFinalizer(e, func(*Entry) {}) // want "GFL006 finalizer on \\*Entry, a type that can reach itself \\(Entry.Next → Entry\\)"
	return e
}
