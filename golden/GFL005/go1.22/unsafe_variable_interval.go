// gofixleak-options: --unsafe-fixes

package golden

import (
	"context"
	"time"
)

// The interval is not a positive constant: for d <= 0 time.Tick returns nil (receiving blocks
// forever) while NewTicker panics and After fires at once. The fixes are unsafe.

func PollEvery(ctx context.Context, d time.Duration, poll func()) {
	for range time.Tick(d) { // want "GFL005 time.Tick"
		if ctx.Err() != nil {
			return
		}
		poll()
	}
}

func WaitOne(d time.Duration) {
	<-time.Tick(d) // want "GFL005 time.Tick for a single receive"
}

func Beats(ctx context.Context, d time.Duration, beat func()) {
	c := time.Tick(d) // want "GFL005 time.Tick"
	for {
		select {
		case <-ctx.Done():
			return
		case <-c:
			beat()
		}
	}
}
