// gofixleak-options: GFL003.any_owner
package golden

import "container/heap"

type Item struct {
	value    string
	priority int
	index    int
}

// priorityQueue follows the container/heap documentation, minus its zeroing (unexported:
// an exported heap type gets an unsafe fix, see heap_sources.go).
type priorityQueue []*Item

func (pq priorityQueue) Len() int           { return len(pq) }
func (pq priorityQueue) Less(i, j int) bool { return pq[i].priority > pq[j].priority }
func (pq priorityQueue) Swap(i, j int) {
	pq[i], pq[j] = pq[j], pq[i]
	pq[i].index = i
	pq[j].index = j
}

func (pq *priorityQueue) Push(x any) {
	item := x.(*Item)
	item.index = len(*pq)
	*pq = append(*pq, item)
}

func (pq *priorityQueue) Pop() any {
	old := *pq
	n := len(old)
	item := old[n-1]
	item.index = -1
	*pq = old[0 : n-1] // want "GFL003 old\\[n-1\\] keeps its \\*Item alive after Pop until the backing array is freed"
	return item
}

var _ heap.Interface = (*priorityQueue)(nil)

// nodeQueue pops through the pointer without a local copy, as go/types does.
type nodeQueue []*Item

func (a nodeQueue) Len() int           { return len(a) }
func (a nodeQueue) Less(i, j int) bool { return a[i].priority < a[j].priority }
func (a nodeQueue) Swap(i, j int)      { a[i], a[j] = a[j], a[i] }
func (a *nodeQueue) Push(x any)        { *a = append(*a, x.(*Item)) }

func (a *nodeQueue) Pop() any {
	n := len(*a)
	x := (*a)[n-1]
	*a = (*a)[:n-1] // want "GFL003 \\(\\*a\\)\\[n-1\\] keeps its \\*Item alive after Pop"
	return x
}

// actionQueue computes the new length first, as cmd/go does.
type actionQueue []*Item

func (q *actionQueue) Pop() any {
	n := len(*q) - 1
	x := (*q)[n]
	*q = (*q)[:n] // want "GFL003 \\(\\*q\\)\\[n\\] keeps its \\*Item alive until"
	return x
}

// An interface-typed heap whose elements live in a field.
type valHeap struct {
	a    []any
	less func(a, b any) bool
}

func (h valHeap) Len() int           { return len(h.a) }
func (h valHeap) Less(i, j int) bool { return h.less(h.a[i], h.a[j]) }
func (h valHeap) Swap(i, j int)      { h.a[i], h.a[j] = h.a[j], h.a[i] }
func (h *valHeap) Push(x any)        { h.a = append(h.a, x) }

func (h *valHeap) Pop() any {
	old := h.a
	n := len(old)
	x := old[n-1]
	h.a = old[:n-1] // want "GFL003 old\\[n-1\\] keeps its any alive after Pop"
	return x
}

// The documented version already zeroes the element: nothing to do.
type zeroedQueue []*Item

func (pq *zeroedQueue) Pop() any {
	old := *pq
	n := len(old)
	item := old[n-1]
	old[n-1] = nil // don't stop the GC from reclaiming the item eventually
	item.index = -1
	*pq = old[0 : n-1]
	return item
}

// Pointer-free elements keep nothing alive.
type intHeap []int

func (h *intHeap) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[0 : n-1]
	return x
}
