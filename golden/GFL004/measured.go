package golden

import "context"

func produce() int { return 1 }

// len(ch) of an unbuffered channel is always 0; with a buffer it can be 1, so the
// buffer is only an unsafe fix.
func pending(ctx context.Context) (int, bool) {
	ch := make(chan int) // want "GFL004 the goroutine started at line 11 .* when the select at line 15 takes `case <-ctx.Done\\(\\)` and returns at line 19"
	go func() { ch <- produce() }()
	if len(ch) > 0 {
		return <-ch, true
	}
	select {
	case v := <-ch:
		return v, false
	case <-ctx.Done():
		return 0, false
	}
}
