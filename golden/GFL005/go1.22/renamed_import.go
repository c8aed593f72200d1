package golden

import (
	"context"
	tm "time"
)

func Renamed(ctx context.Context, time int) int {
	for range tm.Tick(tm.Second) { // want "GFL005 time.Tick"
		if ctx.Err() != nil {
			return time
		}
	}
	return 0
}

func RenamedTicker(ctx context.Context) {
	t := tm.NewTicker(tm.Second) // want "GFL005 ticker t is never stopped"
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

type clock struct{}

func (clock) Tick(d tm.Duration) <-chan tm.Time { return nil }

func (clock) NewTicker(d tm.Duration) *tm.Ticker { return nil }

// Look-alikes: methods named like package time's functions.
func LookAlike(c clock) {
	<-c.Tick(tm.Second)
	t := c.NewTicker(tm.Second)
	_ = t
}
