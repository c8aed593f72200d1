package golden

import (
	"log"
	"time"
)

type Job struct{ ID int }

// Serve starts a watchdog per job: when the job finishes first, the watchdog's
// time.After timer stays pending for the rest of d, one per job.
func Serve(jobs <-chan Job, run func(Job), d time.Duration) {
	for job := range jobs {
		done := make(chan struct{})
		go func() {
			select {
			case <-time.After(d): // want "GFL008 a goroutine started on every iteration waits on time.After"
				log.Printf("job %d is slow", job.ID)
			case <-done:
			}
		}()
		run(job)
		close(done)
	}
}

// The same with the timer spelled inline.
func ServeInline(jobs <-chan Job, run func(Job), d time.Duration) {
	for job := range jobs {
		done := make(chan struct{})
		go func() {
			limit := d * 2
			select {
			case <-done:
			case <-time.NewTimer(limit).C: // want "GFL008 a goroutine started on every iteration waits on time.NewTimer"
				log.Printf("job %d is slow", job.ID)
			}
		}()
		run(job)
		close(done)
	}
}

// time.NewTimer(d).C written in a select case of a loop is time.After under another name.
func Drain(in <-chan int, d time.Duration) int {
	n := 0
	for {
		select {
		case v := <-in:
			n += v
		case <-time.NewTimer(d).C: // want "GFL008 time.NewTimer\\(...\\).C in a loop makes a new timer"
			return n
		}
	}
}

// A watchdog that only waits for its timer: nothing else can win.
func Sleepers(jobs <-chan Job, d time.Duration) {
	for job := range jobs {
		go func() {
			select {
			case <-time.After(d):
				log.Printf("job %d", job.ID)
			}
		}()
	}
}

// One watchdog per worker of a fixed pool: at most n timers.
func Pool(n int, done <-chan struct{}, d time.Duration) {
	for i := 0; i < n; i++ {
		go func() {
			select {
			case <-time.After(d):
				log.Printf("worker %d is slow", i)
			case <-done:
			}
		}()
	}
}

// A timer the goroutine keeps and stops itself.
func Stopped(jobs <-chan Job, run func(Job), d time.Duration) {
	for job := range jobs {
		done := make(chan struct{})
		go func() {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				log.Printf("job %d is slow", job.ID)
			case <-done:
			}
		}()
		run(job)
		close(done)
	}
}
