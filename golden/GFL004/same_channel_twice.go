package golden

import "context"

type twin struct{}

func (t *twin) both(first, second chan<- int) {
	first <- 1
	second <- 2
}

// The channel is handed over twice: the goroutine sends two values on it,
// not one, so a buffer of 1 is not what it needs.  Left alone.
func TwiceToMethod(ctx context.Context, t *twin) int {
	ch := make(chan int)
	go t.both(ch, ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func bothOf(first, second chan<- int) {
	first <- 1
	second <- 2
}

func TwiceToFunction(ctx context.Context) int {
	ch := make(chan int)
	go bothOf(ch, ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// A literal given the channel that also captures it.
func ArgumentAndCapture(ctx context.Context) int {
	ch := make(chan int)
	go func(out chan<- int) {
		out <- 1
		ch <- 2
	}(ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
