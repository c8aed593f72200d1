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

// A heap's Pop hands the element to heap.Pop's caller, who collects it.
type rankedKey struct {
	key  []byte
	rank int
}

type rankHeap []*rankedKey

func (h rankHeap) Len() int           { return len(h) }
func (h rankHeap) Less(i, j int) bool { return h[i].rank < h[j].rank }
func (h rankHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *rankHeap) Push(x any)        { *h = append(*h, x.(*rankedKey)) }

func (h *rankHeap) Pop() any {
	old := *h
	n := len(old)
	el := old[n-1]
	*h = old[:n-1]
	return el
}

var ranking = &rankHeap{}

// Elements released one by one before the reset: each gave its memory back
// (to a pool, or by dropping its last counted reference), so the slots keep
// nothing of their own.
type seriesBuf struct{ samples []float64 }

type table struct{ arena []byte }

func (t *table) DecrRef() { t.arena = nil }

func reuseSeries(s *seriesBuf) { s.samples = s.samples[:0] }

type flusher struct {
	series []*seriesBuf
	tables []*table
}

var theFlusher = &flusher{}

func (f *flusher) add(s *seriesBuf, t *table) {
	f.series = append(f.series, s)
	f.tables = append(f.tables, t)
}

func (f *flusher) dropAll() {
	for i := range f.series {
		reuseSeries(f.series[i])
	}
	f.series = f.series[:0]
	for _, t := range f.tables {
		t.DecrRef()
	}
	f.tables = f.tables[:0]
}

// A deletion leaves behind the new length a copy of the element now last,
// which the slice still holds.
func (w *pathWalker) leave(p *keyPart) {
	for i, m := range w.members {
		if m == p {
			w.members = append(w.members[:i], w.members[i+1:]...)
			break
		}
	}
}
