// Behaviour program for GFL008.  The leak itself (one live timer per iteration until it
// fires) cannot be shown any more: since Go 1.27 the runtime frees unreferenced timers in
// every program.  What matters is that gofixleak's rewrite keeps the loops' meaning: they
// still time out when nothing arrives, and a timeout still counts from the start of each
// wait, so a steady stream of messages (longer in total than the timeout) is handled in full.
package main

import (
	"fmt"
	"time"
)

// drain handles values until none arrives for d.
func drain(in <-chan int, d time.Duration) (handled, sum int) {
	for {
		select {
		case v := <-in:
			handled++
			sum += v
		case <-time.After(d):
			return handled, sum
		}
	}
}

// drainBound is drain with the timeout channel made first, in the loop.
func drainBound(in <-chan int, d time.Duration) (handled int) {
	for {
		timeout := time.After(d)
		select {
		case <-in:
			handled++
		case <-timeout:
			return handled
		}
	}
}

// stream sends 1..n, one every gap, and then nothing.
func stream(n int, gap time.Duration) <-chan int {
	in := make(chan int)
	go func() {
		for i := 1; i <= n; i++ {
			in <- i
			time.Sleep(gap)
		}
	}()
	return in
}

func main() {
	h, s := drain(make(chan int), 20*time.Millisecond)
	fmt.Println("idle", h, s)
	// 60 messages 5ms apart take 300ms in all, longer than the 200ms timeout
	h, s = drain(stream(60, 5*time.Millisecond), 200*time.Millisecond)
	fmt.Println("busy", h, s)
	fmt.Println("idle bound", drainBound(make(chan int), 20*time.Millisecond))
	fmt.Println("busy bound", drainBound(stream(60, 5*time.Millisecond), 200*time.Millisecond))
}
