// Leak proof for GFL004: goroutines that send on an unbuffered channel whose
// receiver has already left stay blocked forever.  Each phase calls one shape
// many times, lets every worker finish its work, waits (bounded) for the
// workers to exit, and prints how many goroutines it left alive:
//
//	fetch    gives up when its context is done
//	fanOut   returns on the first error of a fan-out
//	import   returns on a write error after an error check made before the channel
//	pool     waits in wg.Wait() before receiving: failing workers and the caller deadlock
//	reply    hands its reply channel to a server in a request and gives up: the server hangs
//	helper   receives from a channel a helper made and returned, and gives up
//
// The test runs it before and after applying gofixleak's own fix.
package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
)

// gate holds the workers of one phase until the callers have given up on them.
var gate = make(chan struct{})

func work(n int) int {
	<-gate
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

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func prepare(name string) error {
	if name == "" {
		return errors.New("no name")
	}
	return nil
}

// importOne checks its input before it makes the channel, then returns on the write error.
func importOne(w interface{ Write([]byte) (int, error) }, name string) error {
	if err := prepare(name); err != nil {
		return err
	}
	errCh := make(chan error)
	go func() {
		errCh <- prepare(strings.Repeat(name, work(1)))
	}()
	if _, err := w.Write([]byte(name)); err != nil {
		return err
	}
	return <-errCh
}

// processAll waits for its workers before it receives their errors.
func processAll(xs []int) error {
	errCh := make(chan error)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if work(x) == 0 {
				errCh <- errors.New("zero")
			}
		}()
	}
	wg.Wait()
	close(errCh)
	for err := range errCh {
		return err
	}
	return nil
}

type request struct {
	n     int
	reply chan int
}

// serve answers each request on the channel it brought, once.
func serve(requests <-chan request) {
	for req := range requests {
		req.reply <- work(req.n)
	}
}

func ask(ctx context.Context, requests chan<- request, n int) (int, error) {
	reply := make(chan int)
	requests <- request{n: n, reply: reply}
	select {
	case v := <-reply:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// startWork runs the work in a goroutine; its result comes on the channel it returns.
func startWork(n int) chan int {
	ch := make(chan int)
	go func() { ch <- work(n) }()
	return ch
}

func waitFor(ctx context.Context, n int) (int, error) {
	ch := startWork(n)
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// settle opens the gate and reports how many goroutines are left beyond base once the
// workers whose sends can complete have exited.
func settle(base int) int {
	close(gate)
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	left := runtime.NumGoroutine() - base
	gate = make(chan struct{})
	return left
}

func main() {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	base := runtime.NumGoroutine()
	for i := range 100 {
		if _, err := fetch(cancelled, i); err == nil {
			panic("fetch should give up on a cancelled context")
		}
	}
	fetchLeft := settle(base)

	base = runtime.NumGoroutine()
	xs := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	for range 100 {
		if _, err := fanOut(xs); err == nil {
			panic("fanOut should fail")
		}
	}
	fanOutLeft := settle(base)

	base = runtime.NumGoroutine()
	for range 100 {
		if err := importOne(failingWriter{}, "x"); err == nil {
			panic("importOne should fail")
		}
	}
	importLeft := settle(base)

	base = runtime.NumGoroutine()
	for range 10 {
		go func() { _ = processAll([]int{0, 1, 0, 2}) }() // two workers fail
	}
	time.Sleep(50 * time.Millisecond)
	poolLeft := settle(base)

	base = runtime.NumGoroutine()
	requests := make(chan request, 100)
	go serve(requests)
	for i := range 100 {
		if _, err := ask(cancelled, requests, i); err == nil {
			panic("ask should give up on a cancelled context")
		}
	}
	close(requests) // the server ends once it has answered every request
	replyLeft := settle(base)

	base = runtime.NumGoroutine()
	for i := range 100 {
		if _, err := waitFor(cancelled, i); err == nil {
			panic("waitFor should give up on a cancelled context")
		}
	}
	helperLeft := settle(base)

	fmt.Println("fetch", fetchLeft)
	fmt.Println("fanOut", fanOutLeft)
	fmt.Println("import", importLeft)
	fmt.Println("pool", poolLeft)
	fmt.Println("reply", replyLeft)
	fmt.Println("helper", helperLeft)
}
