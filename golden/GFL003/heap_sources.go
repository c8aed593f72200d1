// gofixleak-options: GFL003.any_owner
package golden

import "container/heap"

type Chore struct{ age, id int }

// An exported heap type: another package may build one over a slice it
// keeps reading, so zeroing in Pop is only an unsafe fix.
type ChoreQueue []*Chore

func (q ChoreQueue) Len() int           { return len(q) }
func (q ChoreQueue) Less(i, j int) bool { return q[i].age < q[j].age }
func (q ChoreQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *ChoreQueue) Push(x any)        { *q = append(*q, x.(*Chore)) }
func (q *ChoreQueue) Pop() any {
	old := *q
	n := len(old)
	j := old[n-1]
	*q = old[:n-1] // want "GFL003 old\\[n-1\\] keeps its \\*Chore alive after Pop"
	return j
}

// byAge sorts a caller's slice in place by popping everything: the popped
// jobs stay in the caller's array, where zeroing would erase them.
type byAge []*Chore

func (h byAge) Len() int           { return len(h) }
func (h byAge) Less(i, j int) bool { return h[i].age > h[j].age }
func (h byAge) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *byAge) Push(x any)        { *h = append(*h, x.(*Chore)) }
func (h *byAge) Pop() any {
	old := *h
	n := len(old)
	j := old[n-1]
	*h = old[:n-1] // want "GFL003 old\\[n-1\\] keeps its \\*Chore alive after Pop"
	return j
}

func sortByAge(jobs []*Chore) []*Chore {
	h := byAge(jobs)
	heap.Init(&h)
	for h.Len() > 0 {
		heap.Pop(&h)
	}
	return jobs
}

// byID gets the caller's slice through a typed variable.
type byID []*Chore

func (h byID) Len() int           { return len(h) }
func (h byID) Less(i, j int) bool { return h[i].id > h[j].id }
func (h byID) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *byID) Push(x any)        { *h = append(*h, x.(*Chore)) }
func (h *byID) Pop() any {
	old := *h
	n := len(old)
	j := old[n-1]
	*h = old[:n-1] // want "GFL003 old\\[n-1\\] keeps its \\*Chore alive after Pop"
	return j
}

func sortByID(jobs []*Chore) {
	var h byID = jobs
	heap.Init(&h)
	for h.Len() > 0 {
		heap.Pop(&h)
	}
}

// lifo is only ever made by the package itself: the fix is safe.
type lifo []*Chore

func (h lifo) Len() int           { return len(h) }
func (h lifo) Less(i, j int) bool { return h[i].age < h[j].age }
func (h lifo) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *lifo) Push(x any)        { *h = append(*h, x.(*Chore)) }
func (h *lifo) Pop() any {
	old := *h
	n := len(old)
	j := old[n-1]
	*h = old[:n-1] // want "GFL003 old\\[n-1\\] keeps its \\*Chore alive after Pop"
	return j
}

func newLIFO() *lifo {
	h := make(lifo, 0, 8)
	empty := lifo(nil)
	_ = empty
	return &h
}

// Clocks reaches its heap through a conversion to another struct type with
// the same fields; Clocks never hands its entries out, so the fix is safe.
type Clocks struct {
	entries []*Chore
}

func (t *Clocks) Add(j *Chore) { heap.Push((*clockHeap)(t), j) }
func (t *Clocks) Count() int   { return len(t.entries) }

type clockHeap Clocks

func (h *clockHeap) Len() int           { return len(h.entries) }
func (h *clockHeap) Less(i, j int) bool { return h.entries[i].age < h.entries[j].age }
func (h *clockHeap) Swap(i, j int)      { h.entries[i], h.entries[j] = h.entries[j], h.entries[i] }
func (h *clockHeap) Push(x any)         { h.entries = append(h.entries, x.(*Chore)) }
func (h *clockHeap) Pop() any {
	n := len(h.entries)
	entries := h.entries
	last := entries[n-1]
	h.entries = entries[:n-1] // want "GFL003 entries\\[n-1\\] keeps its \\*Chore alive after Pop"
	return last
}

// Alarms hands its entries out, and alarmHeap's field is the same field.
type Alarms struct {
	entries []*Chore
}

func (a *Alarms) Add(j *Chore)      { heap.Push((*alarmHeap)(a), j) }
func (a *Alarms) Pending() []*Chore { return a.entries }

type alarmHeap Alarms

func (h *alarmHeap) Len() int           { return len(h.entries) }
func (h *alarmHeap) Less(i, j int) bool { return h.entries[i].age < h.entries[j].age }
func (h *alarmHeap) Swap(i, j int)      { h.entries[i], h.entries[j] = h.entries[j], h.entries[i] }
func (h *alarmHeap) Push(x any)         { h.entries = append(h.entries, x.(*Chore)) }
func (h *alarmHeap) Pop() any {
	n := len(h.entries)
	last := h.entries[n-1]
	h.entries = h.entries[:n-1] // want "GFL003 h.entries\\[n-1\\] keeps its \\*Chore alive after Pop"
	return last
}
