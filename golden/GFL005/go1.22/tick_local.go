package golden

import (
	"context"
	"time"
)

func Heartbeat(ctx context.Context, beat func()) {
	tick := time.Tick(time.Second) // want "GFL005 time.Tick: its ticker can never be stopped.*when Heartbeat returns"
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			beat()
		}
	}
}

// The name ticker is taken by the parameter: the new ticker gets another one.
func Shadowing(ctx context.Context, ticker func()) {
	c := time.Tick(time.Second) // want "GFL005 time.Tick"
	for {
		select {
		case <-ctx.Done():
			return
		case <-c:
			ticker()
		}
	}
}

// Already called ticker: keep the name.
func SameName(ctx context.Context) int {
	var ticker = time.Tick(250 * time.Millisecond) // want "GFL005 time.Tick"
	n := 0
	for n < 3 {
		<-ticker
		n++
	}
	return n
}

// Handed out: whoever receives the channel decides.
func HandedOut() <-chan time.Time {
	c := time.Tick(time.Second)
	return c
}

func InLoop(ctx context.Context) {
	for ctx.Err() == nil {
		c := time.Tick(time.Second) // want "GFL005 time.Tick in a loop starts a new ticker on every iteration"
		<-c
	}
}
