package golden

import (
	"context"
	"time"
)

type bus struct{ handlers []func(string) }

// Subscribe calls handler for every message published on subject, as many times as it comes.
func (b *bus) Subscribe(subject string, handler func(msg string)) {
	b.handlers = append(b.handlers, handler)
}

// The handler may run any number of times: no buffer size holds every send, so no fix;
// still reported, since the receiver gives up on ctx.Done() while the subscription lives on.
func firstMessage(ctx context.Context, b *bus) (string, error) {
	got := make(chan string) // want "GFL004 the closure handed away at line 19 blocks forever on `got <- msg` \\(line 19\\) when the select at line 20 takes `case <-ctx.Done\\(\\)` and returns at line 24; the closure handed away at line 19 may be run any number of times, so no buffer is sure to hold its sends: let it give up"
	b.Subscribe("events", func(msg string) { got <- msg })
	select {
	case m := <-got:
		return m, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// time.AfterFunc runs its function once: a buffer of one holds its send.
func expiry(ctx context.Context, d time.Duration) error {
	fired := make(chan struct{}) // want "GFL004 the closure handed away at line 31 blocks forever on `fired <- struct\\{\\}\\{\\}` \\(line 31\\) when the select at line 32 takes `case <-ctx.Done\\(\\)` and returns at line 36"
	time.AfterFunc(d, func() { fired <- struct{}{} })
	select {
	case <-fired:
		return context.DeadlineExceeded
	case <-ctx.Done():
		return ctx.Err()
	}
}
