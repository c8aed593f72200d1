package golden

import "time"

type probe struct{ host string }

func ping(p probe) bool { return p.host != "" }

// One goroutine and one receive per iteration, but a timeout skips the receive: the
// loop ends with goroutines still waiting to send.
func pingEach(probes []probe) int {
	up := make(chan bool) // want "GFL004 the goroutines started at line 15 block forever on `up <- ping\\(p\\)` \\(line 15\\) when the select at line 16 takes `case <-time.After\\(time.Second\\)` and returns at line 24"
	alive := 0
	for _, p := range probes {
		go func() { up <- ping(p) }()
		select {
		case ok := <-up:
			if ok {
				alive++
			}
		case <-time.After(time.Second):
		}
	}
	return alive
}

// A receiving loop counted to the number of senders, where a heartbeat case uses up an
// iteration without receiving.
func pingAll(probes []probe, beat <-chan time.Time) int {
	up := make(chan bool) // want "GFL004 the goroutines started at line 32 block forever .* when the select at line 36 takes `case <-beat` and the loop at line 35 ends before receiving every value"
	for _, p := range probes {
		go func() { up <- ping(p) }()
	}
	alive := 0
	for range probes {
		select {
		case ok := <-up:
			if ok {
				alive++
			}
		case <-beat:
		}
	}
	return alive
}

// Each iteration receives once, then checks that no other value is already waiting:
// the poll's default case skips no receive, so the loop's count holds.
func pingInTurn(probes []probe) int {
	up := make(chan bool)
	for _, p := range probes {
		go func() { up <- ping(p) }()
	}
	alive := 0
	for range probes {
		if <-up {
			alive++
		}
		select {
		case <-up:
			panic("two answers at once")
		default:
		}
	}
	return alive
}
