package golden

import "time"

type Rec int

// A batcher: every record restarts the quiet period, and the first of a batch
// starts its deadline; the deadline is re-armed only after it was cleared with
// `deadline = nil`, which drops its timer on purpose once per batch: not reported.
func BatchRearm(in <-chan Rec, out chan<- []Rec, quit <-chan struct{}, quiet, limit time.Duration) {
	var idle <-chan time.Time
	var deadline <-chan time.Time
	var batch []Rec
	finished := false

COLLECT:
	idle, deadline = nil, nil
	for {
		select {
		case r := <-in:
			if deadline == nil {
				deadline = time.After(limit)
			}
			idle = time.After(quiet) // want "GFL008 idle = time.After"
			batch = append(batch, r)
		case <-idle:
			goto SEND
		case <-deadline:
			goto SEND
		case <-quit:
			finished = true
			goto SEND
		}
	}
SEND:
	out <- batch
	batch = nil
	if !finished {
		goto COLLECT
	}
}

// Re-armed at the top of every iteration, over a channel that starts as one nobody sends on.
func EveryRound(in <-chan Rec, d time.Duration) int {
	n := 0
	wait := make(<-chan time.Time)
	for {
		wait = time.After(d) // want "GFL008 wait = time.After"
		select {
		case <-in:
			n++
		case <-wait:
			return n
		}
	}
}

// Armed once: the nil guard never lets the assignment run again.
func ArmOnce(in <-chan Rec, stop <-chan struct{}, grace time.Duration) int {
	var after <-chan time.Time
	n := 0
	for {
		select {
		case <-in:
			n++
			if after == nil {
				after = time.After(grace)
			}
		case <-after:
			return n
		case <-stop:
			return n
		}
	}
}

// Each timer is received before the next one is made.
func WaitEach(k int, d time.Duration) {
	var tick <-chan time.Time
	for i := 0; i < k; i++ {
		tick = time.After(d)
		<-tick
	}
}

// The channel is handed out: another holder may still wait on an older timer.
func HandedOut(in <-chan Rec, d time.Duration) <-chan time.Time {
	var last <-chan time.Time
	for range in {
		last = time.After(d)
	}
	return last
}

// A goroutine reads the variable: not followed.
func Captured(in <-chan Rec, d time.Duration) {
	var expire <-chan time.Time
	go func() {
		for range expire {
		}
	}()
	for range in {
		expire = time.After(d)
	}
}
