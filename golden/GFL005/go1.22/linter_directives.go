package golden

import (
	"log"
	"time"
)

func reload() error { return nil }

// The maintainers silenced staticcheck's SA1015 (the same finding) above the loop: honoured.
func watchConfig(done <-chan struct{}) {
	//nolint:staticcheck // one poller per process
	for range time.Tick(time.Second) {
		if err := reload(); err != nil {
			log.Print(err)
			return
		}
	}
}

// Every linter silenced at the end of the line.
func pollOnce() {
	<-time.Tick(time.Second) //nolint
}

// staticcheck's own directive, on the line before.
func pollUntil(stop <-chan struct{}) {
	//lint:ignore SA1015 the ticker lives as long as the process
	tick := time.Tick(time.Second)
	for {
		select {
		case <-stop:
			return
		case <-tick:
			_ = reload()
		}
	}
}

// Still reported: a directive for another linter says nothing about this one.
func watchOther(done <-chan struct{}) {
	//nolint:errcheck
	for range time.Tick(time.Second) { // want "GFL005 time.Tick: its ticker can never be stopped"
		if reload() != nil {
			return
		}
	}
}

// Still reported: a staticcheck directive for another check.
func pollOther() {
	//lint:ignore SA4006 unrelated
	<-time.Tick(time.Second) // want "GFL005 time.Tick for a single receive"
}
