// gofixleak-options: GFL003.any_owner
package golden

type Job struct {
	ID      int
	Payload []byte
}

type Queue struct {
	jobs []*Job
}

// Pop hands out the oldest job; the slot it leaves keeps the job alive.
func (q *Queue) Pop() *Job {
	j := q.jobs[0]
	q.jobs = q.jobs[1:] // want "GFL003 q.jobs\\[0\\] keeps its \\*Job alive until the backing array is freed"
	return j
}

// Skip drops the first n jobs at once.
func (q *Queue) Skip(n int) {
	q.jobs = q.jobs[n:] // want "GFL003 the dropped elements q.jobs\\[:n\\] keep their \\*Job values alive"
}

var pending []*Job

func next() *Job {
	j := pending[0]
	pending = pending[1:] // want "GFL003 pending\\[0\\] keeps its \\*Job alive"
	return j
}

// A tuple pop is split so that the element can be zeroed between the read and the reslice.
func (q *Queue) PopTuple() *Job {
	var j *Job
	j, q.jobs = q.jobs[0], q.jobs[1:] // want "GFL003 q.jobs\\[0\\] keeps its \\*Job alive"
	return j
}
