// gofixleak-options: GFL003.any_owner
package golden

type lmItem struct{ payload []byte }

// A heap whose length is read through a one-line method: `n := h.len() - 1` is `len(h.items)-1`.
type lmHeap struct {
	items []*lmItem
}

func (h *lmHeap) len() int {
	return len(h.items)
}

func (h *lmHeap) popLast() *lmItem {
	n := h.len() - 1
	item := h.items[n]
	h.items = h.items[:n] // want "GFL003 h.items\\[n\\] keeps its \\*lmItem alive"
	return item
}

// A call between taking the length and truncating may push or pop: the bound is not known to be
// at most the length any more, so the fix is unsafe (not applied here).
type lmPushHeap struct {
	items []*lmItem
}

func (h *lmPushHeap) len() int { return len(h.items) }

func (h *lmPushHeap) push(it *lmItem) {
	h.items = append(h.items, it)
}

func (h *lmPushHeap) popAfterPush(extra *lmItem) *lmItem {
	n := h.len() - 1
	h.push(extra)
	item := h.items[n]
	h.items = h.items[:n] // want "GFL003 the dropped elements h.items\\[n:\\]"
	return item
}

// An assignment to the field in between changes what the length measured.
type lmResetHeap struct {
	items []*lmItem
}

func (h *lmResetHeap) len() int { return len(h.items) }

func (h *lmResetHeap) popReplaced() *lmItem {
	n := h.len() - 1
	h.items = make([]*lmItem, 0, 8)
	item := h.items[n]
	h.items = h.items[:n] // want "GFL003 the dropped elements h.items\\[n:\\]"
	return item
}

// Not a plain length method: its result is not len(h.items).
type lmQueue struct {
	items []*lmItem
	head  int
}

func (q *lmQueue) len() int {
	return len(q.items) - q.head
}

func (q *lmQueue) popLast() *lmItem {
	n := q.len() - 1
	item := q.items[n]
	q.items = q.items[:n] // want "GFL003 the dropped elements q.items\\[n:\\]"
	return item
}

// A length method of an embedded type measures the embedded value's field.
type lmInner struct{ items []*lmItem }

func (in *lmInner) len() int { return len(in.items) }

type lmOuter struct {
	lmInner
	items []*lmItem
}

func (o *lmOuter) popLast() *lmItem {
	n := o.len() - 1
	item := o.items[n]
	o.items = o.items[:n] // want "GFL003 the dropped elements o.items\\[n:\\]"
	return item
}
