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

// Two loops in one block: their timers need two names.
func TwoLoops(in <-chan int, d time.Duration) int {
	n := 0
	for {
		select {
		case <-in:
			n++
			continue
		case <-time.After(d): // want "GFL008"
		}
		break
	}
	for {
		select {
		case <-in:
			n--
			continue
		case <-time.After(d): // want "GFL008"
		}
		break
	}
	return n
}
