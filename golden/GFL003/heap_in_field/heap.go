// gofixleak-options: GFL003.any_owner
package golden

// taskHeap is a container/heap of tasks, kept in a field of the scheduler.
type taskHeap []*task

type task struct {
	prio  int
	index int
}

func (h taskHeap) Len() int           { return len(h) }
func (h taskHeap) Less(i, j int) bool { return h[i].prio < h[j].prio }
func (h taskHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
