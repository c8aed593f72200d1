package main

import (
	"testing"
	"time"
)

func TestTicks(t *testing.T) {
	for range time.Tick(time.Millisecond) {
		ticks++
		if ticks > 5 {
			break
		}
	}
	tick := time.Tick(time.Millisecond)
	<-tick
	func() {
		<-time.Tick(time.Millisecond) // want "GFL005 time.Tick for a single receive"
	}()
}
