package golden

import "context"

type bus struct{ handlers []func(string) }

// Subscribe calls handler for every message published on subject, as many times as it comes.
func (b *bus) Subscribe(subject string, handler func(msg string)) {
	b.handlers = append(b.handlers, handler)
}

// The handler may run any number of times: no buffer size holds every send, so no fix;
// still reported, since the receiver gives up on ctx.Done() while the subscription lives on.
func firstMessage(ctx context.Context, b *bus) (string, error) {
	got := make(chan string) // want "GFL004 the closure handed away at line 16 blocks forever on `got <- msg` \\(line 16\\) when the select at line 17 takes `case <-ctx.Done\\(\\)` and returns at line 21; the closure handed away at line 16 may be run any number of times, so no buffer is sure to hold its sends: let it give up"
	b.Subscribe("events", func(msg string) { got <- msg })
	select {
	case m := <-got:
		return m, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// A body that calls exactly one of its two hooks, once: the buffer of one holds that send.
// Whether both could run is the owner's contract, out of this function's view.
type body struct {
	onEOF   func(error)
	onClose func()
}

func readLoop(ctx context.Context, start func(*body)) error {
	done := make(chan error, 1)
	start(&body{
		onEOF:   func(err error) { done <- err },
		onClose: func() { done <- context.Canceled },
	})
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
