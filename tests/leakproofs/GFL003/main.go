// Leak proof for GFL003: a queue that pops from the front keeps every popped
// job reachable through the dropped slots of its backing array.  64 jobs of
// 256 KiB each go in, 63 come out; the program prints the heap that stays
// allocated while the queue still holds the last one.  The test runs it
// before and after applying gofixleak's own fix.
package main

import (
	"fmt"
	"runtime"
)

type Job struct {
	ID      int
	Payload []byte
}

type Queue struct {
	jobs []*Job
}

func (q *Queue) Push(j *Job) {
	q.jobs = append(q.jobs, j)
}

func (q *Queue) Pop() *Job {
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	return j
}

//go:noinline
func work(q *Queue) int {
	for i := 0; i < 64; i++ {
		q.Push(&Job{ID: i, Payload: make([]byte, 256<<10)})
	}
	done := 0
	for i := 0; i < 63; i++ {
		done += q.Pop().ID
	}
	return done
}

func main() {
	var before, after runtime.MemStats
	q := &Queue{}
	runtime.GC()
	runtime.ReadMemStats(&before)
	if work(q) != 63*62/2 {
		panic("wrong jobs popped")
	}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	retained := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if len(q.jobs) != 1 || q.jobs[0].ID != 63 {
		panic("the queue lost its last job")
	}
	fmt.Println(retained)
	runtime.KeepAlive(q)
}
