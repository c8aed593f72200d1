package golden

import (
	"context"
	"sync/atomic"
)

type task struct{ n int }

func (t task) run() error { return nil }

// The loop stops when it has counted every worker's result.
func coordinate(ctx context.Context, tasks []task) error {
	errc := make(chan error)
	for _, t := range tasks {
		go func() { errc <- t.run() }()
	}
	active := len(tasks)
	var first error
	for {
		select {
		case err := <-errc:
			if err != nil && first == nil {
				first = err
			}
			active--
			if active == 0 {
				return first
			}
		case <-ctx.Done():
			if first == nil {
				first = ctx.Err()
			}
		}
	}
}

// `v, ok := <-ch` with ok false: the sender closed the channel after its last send.
func until(values []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, v := range values {
			ch <- v
		}
	}()
	sum := 0
	for {
		v, ok := <-ch
		if !ok {
			return sum
		}
		sum += v
	}
}

// Only the goroutine that finishes last sends: one receive is enough.
func last(n int) {
	done := make(chan bool)
	var count atomic.Int32
	for i := 0; i < n; i++ {
		go func() {
			if count.Add(1) == int32(n) {
				done <- true
			}
		}()
	}
	<-done
}

// Two goroutines from a constant loop, two receives.
func pair() {
	c := make(chan bool)
	for p := int32(0); p < 2; p++ {
		go func() { c <- p == 0 }()
	}
	<-c
	<-c
}

// One goroutine sends twice, and both values are received.
func twice(a, b int64) int64 {
	ch := make(chan int64)
	go func() {
		ch <- a
		ch <- b
	}()
	return <-ch + <-ch
}
