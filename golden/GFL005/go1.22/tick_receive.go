package golden

import (
	"context"
	"time"
)

func Sleepy() time.Time {
	return <-time.Tick(10 * time.Millisecond) // want "GFL005 time.Tick for a single receive"
}

func SelectOnce(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.Tick(time.Second): // want "GFL005 time.Tick for a single receive"
		return nil
	}
}

func PerIteration(ctx context.Context, in <-chan int) {
	for {
		select {
		case <-ctx.Done():
			return
		case v := <-in:
			_ = v
		case <-time.Tick(time.Minute): // want "GFL005 time.Tick in a loop starts a new ticker on every iteration"
			return
		}
	}
}

// Variable interval: NewTicker and After would panic or fire at once for d <= 0, where
// time.Tick returns nil; the fix is unsafe, so it is reported but not applied.
func Variable(d time.Duration) {
	<-time.Tick(d) // want "GFL005 time.Tick for a single receive"
}
