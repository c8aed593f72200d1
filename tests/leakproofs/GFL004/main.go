// Leak proof for GFL004: goroutines that send on an unbuffered channel whose
// receiver has already left stay blocked forever.  fetch gives up when its
// context is done; fanOut returns on the first error.  The program calls
// both many times, lets every worker finish its work, waits (bounded) for
// the workers to exit, and prints how many goroutines are still alive
// beyond those it started with.  The test runs it before and after applying
// gofixleak's own fix.
package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"
)

// release holds every worker until the callers have given up on them.
var release = make(chan struct{})

func work(n int) int {
	<-release
	return n * n
}

func fetch(ctx context.Context, n int) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- work(n)
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

type result struct {
	v   int
	err error
}

func fanOut(xs []int) ([]int, error) {
	ch := make(chan result)
	for _, x := range xs {
		go func() {
			if x == 0 {
				ch <- result{err: errors.New("zero")} // fails at once
				return
			}
			ch <- result{v: work(x)}
		}()
	}
	var out []int
	for range xs {
		r := <-ch
		if r.err != nil {
			return nil, r.err // the other workers are still owed a receive
		}
		out = append(out, r.v)
	}
	return out, nil
}

func main() {
	base := runtime.NumGoroutine()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for i := range 100 {
		if _, err := fetch(cancelled, i); err == nil {
			panic("fetch should give up on a cancelled context")
		}
	}
	xs := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	for range 100 {
		if _, err := fanOut(xs); err == nil {
			panic("fanOut should fail")
		}
	}
	close(release) // every worker can now finish and try to send

	// Workers whose send can complete exit promptly; blocked ones never do.
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	fmt.Println(runtime.NumGoroutine() - base)
}
