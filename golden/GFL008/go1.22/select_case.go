package golden

import "time"

func handle(int) {}

// Consume handles messages until none arrives for d.
func Consume(in <-chan int, d time.Duration) {
	for {
		select {
		case v := <-in:
			handle(v)
		case <-time.After(d): // want "GFL008 time.After in a loop makes a new timer on every iteration, and each one stays in memory until it fires \\(when the program's go.mod says go < 1.23 and it is built with a toolchain before Go 1.27\\)"
			return
		}
	}
}

type Worker struct {
	idle time.Duration
	jobs chan int
}

func (w *Worker) Run(done <-chan struct{}) time.Time {
	// Keep working until told to stop.
	for {
		select {
		case <-done:
			return time.Time{}
		case j := <-w.jobs:
			handle(j)
		case now := <-time.After(w.idle): // want "GFL008 time.After in a loop"
			return now
		}
	}
}

// Counted runs n times, a count fixed when the loop starts: at most n timers, each gone 50ms later,
// so it is not reported (a per-item timeout over a known number of items).
func Counted(in <-chan int, n int) int {
	got := 0
	for i := 0; i < n; i++ {
		select {
		case v := <-in:
			got += v
		case <-time.After(50 * time.Millisecond):
		}
	}
	return got
}
