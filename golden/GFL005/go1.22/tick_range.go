package golden

import (
	"context"
	"time"
)

func step() bool { return false }

func UntilDone(ctx context.Context) {
	// Poll once a second.
	for range time.Tick(time.Second) { // want "GFL005 time.Tick: its ticker can never be stopped and is never freed \\(when the program's go.mod says go < 1.23.*after this loop ends"
		if ctx.Err() != nil {
			return
		}
	}
}

func WithValue(d time.Duration) time.Time {
	for now := range time.Tick(d) { // want "GFL005 time.Tick: its ticker can never be stopped"
		if step() {
			return now
		}
	}
	return time.Time{}
}

func Labelled(every time.Duration) int {
	n := 0
Loop:
	for range time.Tick(100 * time.Millisecond) { // want "GFL005 time.Tick"
		for i := 0; i < 3; i++ {
			if step() {
				break Loop
			}
		}
		n++
	}
	return n + int(every)
}

func Restarted(ctx context.Context) {
	for ctx.Err() == nil {
		for range time.Tick(time.Second) { // want "GFL005 time.Tick in a loop starts a new ticker on every iteration"
			if step() {
				break
			}
		}
	}
}

// Two loops in one block: their tickers need two names.
func TwoPhases(ctx context.Context) {
	for range time.Tick(time.Second) { // want "GFL005 time.Tick"
		if step() {
			break
		}
	}
	for range time.Tick(time.Second) { // want "GFL005 time.Tick"
		if ctx.Err() != nil {
			return
		}
	}
}
