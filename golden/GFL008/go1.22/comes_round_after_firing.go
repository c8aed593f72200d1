package golden

import (
	"context"
	"errors"
	"time"
)

var errGaveUp = errors.New("gave up")

// Nothing here is reported: the select only comes round again after its timer fired,
// so no timer is left running behind it.

// Retry with backoff: the other case returns.
func Retry(ctx context.Context, try func() error, backoff time.Duration) error {
	for i := 0; i < 5; i++ {
		if err := try(); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff *= 2
	}
	return errGaveUp
}

// A heartbeat until told to stop.
func Heartbeat(stop <-chan struct{}, beat func(), every time.Duration) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(every):
			beat()
		}
	}
}

// The timeout is made in the loop, but every case leaves it.
func Once(ctx context.Context, in <-chan int, d time.Duration) (int, error) {
	for {
		timeout := time.After(d)
		select {
		case v := <-in:
			return v, nil
		case <-timeout:
			return 0, errGaveUp
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// A bound timeout waited for by an inner loop: the outer loop only comes round once it fired.
func Rounds(in <-chan int, d time.Duration) int {
	n := 0
	for n < 10 {
		deadline := time.After(d)
	inner:
		for {
			select {
			case <-in:
				n++
			case <-deadline:
				break inner
			}
		}
	}
	return n
}
