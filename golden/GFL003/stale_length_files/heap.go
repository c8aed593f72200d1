// gofixleak-options: GFL003.any_owner
package golden

type staleEntry struct{ key []byte }

// pop measures the length, then calls code that may shrink the heap, then reslices to the old
// length: a reset in another file (reset.go) must not zero what that reslice may bring back.
type staleHeap struct {
	items []*staleEntry
	less  func(a, b *staleEntry) bool
}

func (h *staleHeap) size() int { return len(h.items) }

func (h *staleHeap) sift(n int) {
	for i := 1; i < n && h.less(h.items[i], h.items[0]); i++ {
		h.items[0], h.items[i] = h.items[i], h.items[0]
	}
}

func (h *staleHeap) pop() *staleEntry {
	n := h.size() - 1
	h.sift(n)
	top := h.items[n]
	h.items = h.items[:n] // want "GFL003 the dropped elements h.items\\[n:\\]"
	return top
}
