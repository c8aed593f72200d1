package golden

import (
	"context"
	"time"
)

func work() {}

// Neither function ever returns, so their tickers are needed for as long as they run.

func Forever(d time.Duration) {
	t := time.NewTicker(d)
	for {
		<-t.C
		work()
	}
}

func RangeForever(d time.Duration) {
	t := time.NewTicker(d)
	for range t.C {
		work()
	}
}

func TickForever(d time.Duration) {
	for range time.Tick(d) {
		work()
	}
}

func TickVarForever(d time.Duration) {
	c := time.Tick(d)
	for range c {
		work()
	}
}

func SelectForever(ctx context.Context, d time.Duration) {
	t := time.NewTicker(d)
	for {
		select {
		case <-ctx.Done():
			continue
		case <-t.C:
			work()
		}
	}
}

func BackgroundTick(d time.Duration) {
	go func() {
		for range time.Tick(d) {
			work()
		}
	}()
}

// A loop with a way out does return: the ticker leaks after it.
func Breaks(ctx context.Context, d time.Duration) {
	t := time.NewTicker(d) // want "GFL005 ticker t is never stopped"
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			work()
		}
	}
}
