package golden

import "time"

func AssignedEitherWay(fast bool, quit <-chan struct{}) {
	var tk *time.Ticker
	if fast {
		tk = time.NewTicker(time.Millisecond) // want "GFL005 ticker tk is never stopped"
	} else {
		tk = time.NewTicker(time.Second) // want "GFL005 ticker tk is never stopped"
	}
	for {
		select {
		case <-tk.C:
		case <-quit:
			return
		}
	}
}

// Made lazily inside a loop: reported, no defer offered there.
func AssignedLazily(in <-chan int, every time.Duration) int {
	var tk *time.Ticker
	n := 0
	for v := range in {
		if tk == nil {
			tk = time.NewTicker(every) // want "GFL005 ticker tk is never stopped"
		}
		select {
		case <-tk.C:
			n++
		default:
		}
		n += v
	}
	return n
}

// Replaced on every round without stopping the previous one.
func AssignedEachRound(k int) {
	var tk *time.Ticker
	for i := 0; i < k; i++ {
		tk = time.NewTicker(time.Second) // want "GFL005 ticker tk is assigned a new ticker"
		<-tk.C
	}
}

// A deferred closure registered first stops whatever tk holds at the end.
func AssignedClosureStop(quit <-chan struct{}) {
	var tk *time.Ticker
	defer func() {
		if tk != nil {
			tk.Stop()
		}
	}()
	tk = time.NewTicker(time.Second)
	for {
		select {
		case <-tk.C:
		case <-quit:
			return
		}
	}
}

// `defer tk.Stop()` after the assignment: stopped.
func AssignedStopped(quit <-chan struct{}) {
	var tk *time.Ticker
	tk = time.NewTicker(time.Second)
	defer tk.Stop()
	<-quit
}

// Handed to the caller: its to stop.
func AssignedReturned() *time.Ticker {
	var tk *time.Ticker
	tk = time.NewTicker(time.Second)
	return tk
}

// Also written with something else: not followed.
func AssignedOther(other *time.Ticker, quit <-chan struct{}) {
	var tk *time.Ticker
	tk = time.NewTicker(time.Second)
	<-tk.C
	tk = other
	<-quit
}
