package golden

import (
	"context"
	"errors"
	"time"
)

// A loop paced by a ticker, a timer or a sleep reaches time.After at most once
// per period: with a timeout within a few periods, only a few timers are ever
// pending.  Not reported.

type checker interface{ Check(context.Context) error }

// healthLoop checks every interval, waiting up to 1.5x the last check's duration.
func healthLoop(ctx context.Context, c checker, interval, minTimeout time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	last := time.Duration(0)
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			start := time.Now()
			timeout := max(minTimeout, last*3/2)
			result := make(chan error, 1)
			go func() { result <- c.Check(ctx) }()
			var err error
			select {
			case err = <-result:
			case <-time.After(timeout):
				err = errors.New("health check timed out")
			}
			last = time.Since(start)
			_ = err
		}
	}
}

// pollLoop sleeps a second between rounds and waits up to 3 s for each answer.
func pollLoop(answers <-chan int, ask func()) int {
	total := 0
	for {
		time.Sleep(time.Second)
		ask()
		select {
		case n := <-answers:
			total += n
		case <-time.After(3 * time.Second):
			return total
		}
	}
}
