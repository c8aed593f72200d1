// gofixleak-options: GFL003.any_owner
package golden

// timerHeap's array is handed out through the field that holds it: a caller
// keeping that slice would see the popped slot zeroed.
type timerHeap []*timerEntry

type timerEntry struct{ when int64 }

func (h timerHeap) Len() int           { return len(h) }
func (h timerHeap) Less(i, j int) bool { return h[i].when < h[j].when }
func (h timerHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)        { *h = append(*h, x.(*timerEntry)) }

func (h *timerHeap) Pop() any {
	old := *h
	n := len(old)
	e := old[n-1]
	*h = old[:n-1] // want "GFL003 old\\[n-1\\] keeps its \\*timerEntry alive after Pop"
	return e
}

type timers struct {
	pending timerHeap
}

func (t *timers) all() timerHeap { return t.pending }
