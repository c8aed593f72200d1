// Behaviour program for GFL005.  The leak itself (an unstopped ticker is never freed) cannot
// be shown any more: since Go 1.27 the runtime frees unreferenced tickers in every program.
// What matters is that gofixleak's rewrites keep the program's meaning: the functions still
// tick, count and return as before once their tickers are stopped or made with NewTicker.
package main

import (
	"fmt"
	"time"
)

// count receives n ticks from a ticker it never stops.
func count(n int) int {
	t := time.NewTicker(time.Millisecond)
	got := 0
	for got < n {
		<-t.C
		got++
	}
	return got
}

// ticks ranges over time.Tick until it has seen n ticks.
func ticks(n int) int {
	got := 0
	for range time.Tick(2 * time.Millisecond) {
		got++
		if got == n {
			return got
		}
	}
	return -1
}

// beats selects on a time.Tick channel held in a variable.
func beats(n int, stop <-chan struct{}) int {
	c := time.Tick(time.Millisecond)
	got := 0
	for {
		select {
		case <-stop:
			return -1
		case <-c:
			got++
			if got == n {
				return got
			}
		}
	}
}

// once waits for a single tick.
func once() bool {
	<-time.Tick(time.Millisecond)
	return true
}

// background counts n ticks in a goroutine that is the ticker's only user.
func background(n int) int {
	t := time.NewTicker(time.Millisecond)
	result := make(chan int)
	go func() {
		got := 0
		for range t.C {
			got++
			if got == n {
				result <- got
				return
			}
		}
	}()
	return <-result
}

// round runs every function again, as a server does per request: a ticker each of them loses
// is lost again on every round (a function that runs once per process would not be reported).
func round() string {
	return fmt.Sprintln(count(5), ticks(5), beats(5, make(chan struct{})), once(), background(5))
}

func main() {
	last := ""
	for range 2 {
		last = round()
	}
	fmt.Print(last)
}
