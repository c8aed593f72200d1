// gofixleak-options: GFL005.any_version

package golden

import (
	"context"
	"time"
)

// With the any_version option (a library that older programs may import) the leaks are reported anyway.

func LibraryPoll(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every) // want "GFL005 ticker tick is never stopped, so it is never freed \\(when the program's go.mod says go < 1.23 and it is built with a toolchain before Go 1.27\\)"
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func LibraryUntilDone(ctx context.Context) {
	for range time.Tick(time.Second) { // want "GFL005 time.Tick"
		if ctx.Err() != nil {
			return
		}
	}
}
