// gofixleak-options: GFL003.any_owner
package golden

type Node struct {
	Name     string
	Children []*Node
}

type frame struct {
	node  *Node
	depth int
}

type Walker struct {
	stack  []frame
	names  []string
	errs   []error
	marks  []*Node
	counts []int
	edges  [][2]*Node
}

func (w *Walker) pop() frame {
	f := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1] // want "GFL003 w.stack\\[len\\(w.stack\\)-1\\] keeps its frame alive"
	return f
}

func (w *Walker) popName() string {
	name := w.names[len(w.names)-1]
	w.names = w.names[:len(w.names)-1] // want "GFL003 w.names\\[len\\(w.names\\)-1\\] keeps its string alive"
	return name
}

// Dropping the last two errors at once clears them both.
func (w *Walker) dropTwo() {
	w.errs = w.errs[:len(w.errs)-2] // want "GFL003 the dropped elements w.errs\\[len\\(w.errs\\)-2:\\] keep their error values alive"
}

// A guard shows n is at most the length, so the truncation is provably one;
// but setDepth below may grow w.marks back over the elements it would zero,
// so the fix is unsafe.
func (w *Walker) truncate(n int) {
	if n < len(w.marks) {
		w.marks = w.marks[:n] // want "GFL003 the dropped elements w.marks\\[n:\\] keep their \\*Node values"
	}
}

// Without a guard, s[:n] might grow the slice: the fix is unsafe, and bounded
// by the length so that it cannot panic.
func (w *Walker) setDepth(n int) {
	w.marks = w.marks[:n] // want "GFL003 the dropped elements w.marks\\[n:\\]"
}

// Integers hold no pointers.
func (w *Walker) popCount() {
	w.counts = w.counts[:len(w.counts)-1]
}

// An array of pointers is zeroed with its composite literal.
func (w *Walker) popEdge() [2]*Node {
	e := w.edges[len(w.edges)-1]
	w.edges = w.edges[:len(w.edges)-1] // want "GFL003 w.edges\\[len\\(w.edges\\)-1\\] keeps its \\[2\\]\\*Node alive"
	return e
}
