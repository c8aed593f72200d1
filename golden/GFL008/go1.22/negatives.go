package golden

import "time"

type clock struct{}

func (clock) After(d time.Duration) <-chan time.Time { return nil }

func wait(c <-chan time.Time) { <-c }

func Negatives(in <-chan int, d time.Duration, c clock, deadline time.Time) int {
	// Not in a loop: one timer per call.
	select {
	case v := <-in:
		return v
	case <-time.After(d):
	}
	// Every case leaves the loop: the select runs once.
	for {
		select {
		case v := <-in:
			return v
		case <-time.After(d):
			return -1
		}
	}
}

func LeavesByBreak(in <-chan int, d time.Duration, c clock, deadline time.Time) int {
	n := 0
Loop:
	for {
		select {
		case v := <-in:
			n = v
			break Loop
		case <-time.After(d):
			break Loop
		}
	}
	for i := 0; i < 3; i++ {
		<-time.After(d) // waits for its timer: nothing stays behind
		wait(time.After(d))
		if time.Now().After(deadline) {
			break
		}
		select {
		case <-in:
		case <-c.After(d): // a method named After
		}
	}
	return n
}
