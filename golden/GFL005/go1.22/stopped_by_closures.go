package golden

import (
	"errors"
	"time"
)

var errFailed = errors.New("failed")

// Stopped through a local closure that is deferred: nothing to report.
func DeferredHelper() {
	t := time.NewTicker(time.Second)
	stop := func() { t.Stop() }
	defer stop()
	<-t.C
}

// Stopped through a cleanup closure called on every way out: nothing to report.
func Cleanup(fail bool) error {
	t := time.NewTicker(time.Second)
	cleanup := func() {
		t.Stop()
	}
	if fail {
		cleanup()
		return errFailed
	}
	<-t.C
	cleanup()
	return nil
}

// Stopped by a function literal called right there: nothing to report.
func Inline() {
	t := time.NewTicker(time.Second)
	<-t.C
	func() {
		t.Stop()
	}()
}

// The cleanup closure is not called on the early return.
func CleanupMissed(fail bool) error {
	t := time.NewTicker(time.Second) // want "GFL005 ticker t is not stopped on every path out of CleanupMissed"
	cleanup := func() {
		t.Stop()
	}
	if fail {
		return errFailed
	}
	<-t.C
	cleanup()
	return nil
}
