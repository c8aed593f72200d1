// gofixleak-options: GFL003.any_owner
package golden

type namespace struct {
	names map[string]int
	order []string
}

func (ns *namespace) reset() {
	if ns.names == nil {
		ns.names = map[string]int{}
	}
	clear(ns.names)
}

// A stack that reuses the namespaces it popped: push re-extends the slice within its
// capacity, so zeroing the popped element would throw away what push means to reuse.
type namespaceStack []namespace

func (s *namespaceStack) push() {
	if cap(*s) > len(*s) {
		*s = (*s)[:len(*s)+1]
		s.last().reset()
	} else {
		*s = append(*s, namespace{})
	}
}

func (s *namespaceStack) last() *namespace { return &(*s)[len(*s)-1] }

func (s *namespaceStack) pop() {
	*s = (*s)[:len(*s)-1] // want "GFL003 \\(\\*s\\)\\[len\\(\\*s\\)-1\\] keeps its namespace alive"
}

type entry struct {
	pc   int
	seen *namespace
}

// A queue that re-extends through a length kept in a local.
type queue struct {
	dense []entry
}

func (q *queue) add(pc int) *entry {
	j := len(q.dense)
	q.dense = q.dense[:j+1]
	d := &q.dense[j]
	d.pc = pc
	return d
}

func (q *queue) clear() {
	q.dense = q.dense[:0] // want "GFL003 the elements of q.dense dropped by resetting it to length 0"
}

// A stack type whose value method hands its array out: a caller may still read a popped element.
type frames []*namespace

func (f frames) All() []*namespace { return f }

func (f *frames) pop() {
	*f = (*f)[:len(*f)-1] // want "GFL003 \\(\\*f\\)\\[len\\(\\*f\\)-1\\] keeps its \\*namespace alive"
}
