package golden

import (
	"container/heap"
	"slices"
)

func (h *taskHeap) Push(x any) {
	t := x.(*task)
	t.index = len(*h)
	*h = append(*h, t)
}

func (h *taskHeap) Pop() any {
	old := *h
	n := len(old)
	t := old[n-1]
	t.index = -1
	*h = old[:n-1] // want "GFL003 old\\[n-1\\] keeps its \\*task alive after Pop"
	return t
}

// The scheduler pops through container/heap and hands out only a copy of its heap.
type scheduler struct {
	tasks taskHeap
}

func (s *scheduler) next() *task { return heap.Pop(&s.tasks).(*task) }

func (s *scheduler) add(t *task) { heap.Push(&s.tasks, t) }

func (s *scheduler) snapshot() []*task { return slices.Clone(s.tasks) }
