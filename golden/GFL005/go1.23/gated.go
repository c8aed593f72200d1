package golden

import (
	"context"
	"time"
)

// Go 1.23 frees unreferenced tickers even when they are not stopped: nothing is reported.

type Cache struct {
	sweep *time.Ticker
}

func NewCache() *Cache {
	return &Cache{sweep: time.NewTicker(time.Minute)}
}

func Poll(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func UntilDone(ctx context.Context) {
	for range time.Tick(time.Second) {
		if ctx.Err() != nil {
			return
		}
	}
}

func Sleepy() time.Time {
	return <-time.Tick(10 * time.Millisecond)
}
