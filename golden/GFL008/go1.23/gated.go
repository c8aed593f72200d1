package golden

import "time"

// Go 1.23 frees unreferenced timers before they fire: nothing is reported.
func Consume(in <-chan int, d time.Duration) {
	for {
		select {
		case <-in:
		case <-time.After(d):
			return
		}
	}
}
