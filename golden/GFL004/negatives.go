package golden

import (
	"context"
	"sync"
)

type answer struct{ v int }

func solve(n int) answer { return answer{n} }

// Every send is received: nothing is left behind.
func collect(ns []int) []answer {
	ch := make(chan answer)
	for _, n := range ns {
		go func() { ch <- solve(n) }()
	}
	out := make([]answer, 0, len(ns))
	for range ns {
		out = append(out, <-ch)
	}
	return out
}

// Closed once all senders are done and drained by a full range.
func drained(ns []int) []answer {
	ch := make(chan answer)
	var wg sync.WaitGroup
	for _, n := range ns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- solve(n)
		}()
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	var out []answer
	for a := range ch {
		out = append(out, a)
	}
	return out
}

// The sender gives up too: its send is one case of a select.
func cancellable(ctx context.Context, n int) (answer, error) {
	ch := make(chan answer)
	go func() {
		select {
		case ch <- solve(n):
		case <-ctx.Done():
		}
	}()
	select {
	case a := <-ch:
		return a, nil
	case <-ctx.Done():
		return answer{}, ctx.Err()
	}
}

// Buffered for the one send already.
func buffered(ctx context.Context, n int) (answer, error) {
	ch := make(chan answer, 1)
	go func() { ch <- solve(n) }()
	select {
	case a := <-ch:
		return a, nil
	case <-ctx.Done():
		return answer{}, ctx.Err()
	}
}

// Handed to code that may receive the rest: not ours to judge.
func handedOn(ctx context.Context, n int) {
	ch := make(chan answer)
	go func() { ch <- solve(n) }()
	go drain(ch)
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

func drain(ch <-chan answer) {
	for range ch {
	}
}

// The receive waits unconditionally.
func blocking(n int) answer {
	ch := make(chan answer)
	go func() { ch <- solve(n) }()
	return <-ch
}

// A deferred receive drains what the select left behind.
func deferredDrain(ctx context.Context, n int) {
	ch := make(chan answer)
	go func() { ch <- solve(n) }()
	defer func() { <-ch }()
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// A done signal closed by the goroutine: closing never blocks.
func closedSignal(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		defer close(done)
		solve(1)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The function panics rather than leaving: not a leak we can fix.
func mustSolve(n int, fail bool) answer {
	ch := make(chan answer)
	go func() { ch <- solve(n) }()
	if fail {
		panic("fail")
	}
	return <-ch
}
