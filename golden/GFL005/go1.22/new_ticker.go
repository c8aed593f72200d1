package golden

import (
	"context"
	"time"
)

func refresh() {}

func Poll(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every) // want "GFL005 ticker tick is never stopped, so it is never freed \\(when the program's go.mod says go < 1.23"
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			refresh()
		}
	}
}

func WithVar(ctx context.Context) {
	var t = time.NewTicker(time.Second) // want "GFL005 ticker t is never stopped"
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func WithTypedVar(ctx context.Context) error {
	var t *time.Ticker = time.NewTicker(time.Second) // want "GFL005 ticker t is never stopped"
	for i := 0; i < 3; i++ {
		<-t.C
	}
	return ctx.Err()
}

func Parallel(n int) int {
	t, count := time.NewTicker(time.Millisecond), 0 // want "GFL005 ticker t is never stopped"
	for count < n {
		<-t.C
		count++
	}
	return count
}

func ResetAndCompare(ctx context.Context, d time.Duration) bool {
	t := time.NewTicker(d) // trailing comment stays // want "GFL005 ticker t is never stopped"
	if t == nil {
		return false
	}
	t.Reset(2 * d)
	<-t.C
	return true
}

func InClosure(ctx context.Context) {
	t := time.NewTicker(time.Second) // want "GFL005 ticker t is never stopped"
	wait := func() {
		<-t.C
	}
	wait()
	func() {
		<-t.C
	}()
}
