package golden

import "time"

// Outside a version folder the case is Go 1.27: nothing is reported.
func Consume(in <-chan int, d time.Duration) {
	for {
		select {
		case <-in:
		case <-time.After(d):
			return
		}
	}
}
