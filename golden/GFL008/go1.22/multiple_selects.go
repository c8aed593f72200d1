package golden

import "time"

func Exchange(in <-chan int, out chan<- int, d time.Duration) {
	for {
		var v int
		select {
		case v = <-in:
		case <-time.After(d): // want "GFL008"
			return
		}
		select {
		case out <- v:
		case <-time.After(2 * d): // want "GFL008"
			return
		}
	}
}
