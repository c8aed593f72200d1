package golden

import (
	"context"
	"time"
)

// The authors reviewed the statement for another linter (`//nolint`,
// `//lint:ignore`) on its line or the line above: they hold it on purpose.
// Not reported.
func watch(ctx context.Context, events <-chan string, handle func(context.Context, string)) {
	for ev := range events {
		evCtx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel() //nolint:govet // each event's context ends with the watch
		handle(evCtx, ev)
	}
}

func watchAgain(ctx context.Context, events <-chan string, handle func(context.Context, string)) {
	for ev := range events {
		evCtx, cancel := context.WithTimeout(ctx, time.Second)
		//lint:ignore SA9001 held until the watch ends
		defer cancel()
		handle(evCtx, ev)
	}
}
