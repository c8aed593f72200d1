package golden

import "time"

func pulse() {}

// A goto back over the go statement starts several goroutines on one ticker:
// the first to return must not stop it for the others, so there is no fix.
func StartPulses(n int, done <-chan struct{}) {
	t := time.NewTicker(time.Second) // want "GFL005 ticker t is shared by goroutines started here"
	i := 0
again:
	go func() {
		select {
		case <-t.C:
			pulse()
		case <-done:
		}
	}()
	i++
	if i < n {
		goto again
	}
}

// A forward goto does not repeat the go statement: the goroutine owns the ticker.
func StartPulse(skip bool, done <-chan struct{}) {
	t := time.NewTicker(time.Second) // want "GFL005 ticker t is used only by a goroutine"
	if skip {
		goto start
	}
	pulse()
start:
	go func() {
		select {
		case <-t.C:
			pulse()
		case <-done:
		}
	}()
}
