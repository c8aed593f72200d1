// gofixleak-options: GFL003.any_owner
package golden

type clipJob struct{ name string }

// Three-index slices whose capacity bound is at most the length (the clip idiom `s[:len(s):len(s)]`,
// `s[:0:0]`) never reach past the length: the pops below keep their safe fixes.
type clipQueue struct {
	jobs  []*clipJob
	spare []*clipJob
	tail  []*clipJob
}

func (q *clipQueue) pop() *clipJob {
	j := q.jobs[0]
	q.jobs = q.jobs[1:] // want "GFL003 q.jobs\\[0\\] keeps its \\*clipJob alive"
	return j
}

func (q *clipQueue) with(extra *clipJob) int {
	more := append(q.jobs[:len(q.jobs):len(q.jobs)], extra)
	return len(more)
}

func (q *clipQueue) none() int {
	n := len(q.jobs)
	return len(q.jobs[:n:n]) + cap(q.jobs[:0:0])
}

func (q *clipQueue) dropLast() {
	q.spare = q.spare[:len(q.spare)-1] // want "GFL003 q.spare\\[len\\(q.spare\\)-1\\] keeps its \\*clipJob alive"
}

func (q *clipQueue) spares() int {
	return len(q.spare[: len(q.spare)-1 : len(q.spare)-1])
}

// A capacity bound past the length still re-extends the slice: no fix.
func (q *clipQueue) popTail() {
	q.tail = q.tail[:len(q.tail)-1] // want "GFL003 q.tail\\[len\\(q.tail\\)-1\\] keeps its \\*clipJob alive"
}

func (q *clipQueue) regrow() int {
	return len(q.tail[:len(q.tail):cap(q.tail)])
}
