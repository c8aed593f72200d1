// A watchdog goroutine per job (issue 16, item 7): it reports the jobs that run
// longer than the limit, and only those.  gofixleak's fix gives each goroutine its
// own stopped timer; the report must stay the same.
package main

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

type Job struct {
	ID   int
	Cost time.Duration
}

func serve(jobs <-chan Job, limit time.Duration) []int {
	var mu sync.Mutex
	var slow []int
	var wg sync.WaitGroup
	for job := range jobs {
		done := make(chan struct{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-time.After(limit):
				mu.Lock()
				slow = append(slow, job.ID)
				mu.Unlock()
			case <-done:
			}
		}()
		time.Sleep(job.Cost)
		close(done)
	}
	wg.Wait()
	sort.Ints(slow)
	return slow
}

func main() {
	jobs := make(chan Job, 8)
	for i, cost := range []time.Duration{0, 300, 0, 0, 300, 0} {
		jobs <- Job{ID: i, Cost: cost * time.Millisecond}
	}
	close(jobs)
	fmt.Println("slow jobs:", serve(jobs, 100*time.Millisecond))
}
