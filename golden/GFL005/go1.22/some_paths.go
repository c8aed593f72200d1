package golden

import (
	"errors"
	"log"
	"time"
)

func EarlyReturn(d time.Duration, early bool) {
	t := time.NewTicker(d) // want "GFL005 ticker t is not stopped on every path out of EarlyReturn"
	if early {
		return
	}
	<-t.C
	t.Stop()
}

func DeferAfterReturn(d time.Duration, early bool) error {
	t := time.NewTicker(d) // want "GFL005 ticker t is not stopped on every path out of DeferAfterReturn"
	if early {
		return errors.New("early")
	}
	defer t.Stop()
	<-t.C
	return nil
}

// StoppedEverywhere stops the ticker before every return: nothing to do.
func StoppedEverywhere(d time.Duration, early bool) error {
	t := time.NewTicker(d)
	if early {
		t.Stop()
		return errors.New("early")
	}
	<-t.C
	t.Stop()
	return nil
}

// DeferredClosure stops it in a deferred function literal.
func DeferredClosure(d time.Duration) {
	t := time.NewTicker(d)
	defer func() {
		if t != nil {
			t.Stop()
		}
	}()
	<-t.C
}

// Deferred right away: the usual shape.
func Deferred(d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	<-t.C
}

func InSwitch(d time.Duration, mode int) int {
	switch mode {
	case 1:
		t := time.NewTicker(d) // want "GFL005 ticker t is never stopped"
		<-t.C
		return 1
	case 2:
		t := time.NewTicker(d)
		<-t.C
		t.Stop()
	}
	return 0
}

// Stopped on the only way out of the loop: nothing to do.
func StopThenBreak(done <-chan struct{}) int {
	ticks := 0
	ticker := time.NewTicker(time.Second)
loop:
	for {
		select {
		case <-ticker.C:
			ticks++
		case <-done:
			ticker.Stop()
			break loop
		}
	}
	return ticks
}

// Stopped in both branches: nothing to do.
func BothBranches(d time.Duration, fast bool) {
	t := time.NewTicker(d)
	<-t.C
	if fast {
		t.Stop()
	} else {
		t.Stop()
	}
}

// log.Fatal does not return: that path leaks nothing.
func FatalPath(d time.Duration, err error) {
	t := time.NewTicker(d)
	if err != nil {
		log.Fatal(err)
	}
	<-t.C
	t.Stop()
}

func MissedBranch(d time.Duration, fast bool) {
	t := time.NewTicker(d) // want "GFL005 ticker t is not stopped on every path out of MissedBranch"
	<-t.C
	if fast {
		t.Stop()
	}
}

// NewTicker never returns nil: the nil check's other branch is not a way out.
func NilChecked(done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	select {
	case <-done:
	case <-t.C:
	}
	if t != nil {
		t.Stop()
	}
}

func NilCheckedEarly(d time.Duration, skip bool) {
	t := time.NewTicker(d) // want "GFL005 ticker t is not stopped on every path out of NilCheckedEarly"
	if skip {
		return
	}
	if t == nil {
		return
	}
	<-t.C
	t.Stop()
}
