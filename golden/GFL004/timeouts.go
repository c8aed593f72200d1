package golden

import (
	"errors"
	"time"
)

var errTimeout = errors.New("timeout")

func compute(n int) int { return n * n }

func withTimeAfter(n int) (int, error) {
	ch := make(chan int) // want "GFL004 the goroutine started at line 14 blocks forever on `ch <- compute\\(n\\)` \\(line 14\\) when the select at line 15 takes `case <-time.After\\(time.Second\\)` and returns at line 19"
	go func() { ch <- compute(n) }()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errTimeout
	}
}

func withTimer(n int) (int, error) {
	t := time.NewTimer(time.Second)
	defer t.Stop()
	ch := make(chan int) // want "GFL004 .* when the select at line 28 takes `case <-t.C` and returns at line 32"
	go func() { ch <- compute(n) }()
	select {
	case v := <-ch:
		return v, nil
	case <-t.C:
		return 0, errTimeout
	}
}

// Polling once: if the result is not ready, the caller moves on and never looks again.
func poll(n int) (int, bool) {
	ch := make(chan int) // want "GFL004 .* when the select at line 40 takes its default case and returns at line 45"
	go func() { ch <- compute(n) }()
	select {
	case v := <-ch:
		return v, true
	default:
	}
	return 0, false
}
