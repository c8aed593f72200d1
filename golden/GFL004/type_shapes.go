package golden

import (
	"context"
	stdtime "time"
)

type replies chan string

type ticks = chan stdtime.Time

type client struct {
	addr string
}

func (c *client) roundTrip() string { return c.addr }

// A defined channel type, in a method reading fields through the receiver.
func (c *client) get(ctx context.Context) (string, error) {
	ch := make(replies) // want "GFL004 the goroutine started at line 21 blocks forever on `ch <- c.roundTrip\\(\\)` \\(line 21\\) when the select at line 22"
	go func() { ch <- c.roundTrip() }()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// An alias of a channel type, and a renamed import.
func stamp(d stdtime.Duration) (stdtime.Time, bool) {
	ch := make(ticks) // want "GFL004 the goroutine started at line 33 .* when the select at line 34 takes `case <-stdtime.After\\(d\\)` and returns at line 38"
	go func() { ch <- stdtime.Now() }()
	select {
	case t := <-ch:
		return t, true
	case <-stdtime.After(d):
		return stdtime.Time{}, false
	}
}

// A generic fan-out: the fastest function wins.
func fastest[T any](fs []func() T) T {
	ch := make(chan T) // want "GFL004 the goroutines started at line 46 block forever on `ch <- f\\(\\)` \\(line 46\\) when the function receives fewer values than are sent and returns at line 48"
	for _, f := range fs {
		go func() { ch <- f() }()
	}
	return <-ch
}

// An explicit zero buffer is replaced.
func zero(ctx context.Context) error {
	errc := make(chan error, 0) // want "GFL004 the goroutine started at line 54 .* takes `case <-stdtime.After\\(stdtime.Second\\)` and returns at line 59"
	go func() { errc <- ctx.Err() }()
	select {
	case err := <-errc:
		return err
	case <-stdtime.After(stdtime.Second):
		return nil
	}
}
