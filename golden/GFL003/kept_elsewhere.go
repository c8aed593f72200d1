package golden

// Dropped elements that stay alive anyway, in long-lived owners (a
// package-level variable keeps the walker).  Not reported.
type keyPart struct{ raw []byte }

type pathWalker struct {
	prefix  [][]byte
	free    []*keyPart
	members []*keyPart
}

var walker = &pathWalker{}

func (w *pathWalker) push(k []byte) { w.prefix = append(w.prefix, k) }

// A nesting stack restored to the depth saved on entry: it holds at most the
// nesting depth, and the next push overwrites the slot.
func (w *pathWalker) descend(k []byte, inner func()) {
	depth := len(w.prefix)
	w.push(k)
	inner()
	w.prefix = w.prefix[:depth]
}

// A free list whose popped element is returned to the caller, who uses it.
func (w *pathWalker) get() *keyPart {
	if n := len(w.free); n > 0 {
		p := w.free[n-1]
		w.free = w.free[:n-1]
		return p
	}
	return &keyPart{}
}

func (w *pathWalker) put(p *keyPart) { w.free = append(w.free, p) }

// A swap-remove: the dropped last slot holds the element just moved into
// slot i, which the slice still lists.
func (w *pathWalker) remove(i int) {
	w.members[i] = w.members[len(w.members)-1]
	w.members = w.members[:len(w.members)-1]
}

func (w *pathWalker) join(p *keyPart) { w.members = append(w.members, p) }
