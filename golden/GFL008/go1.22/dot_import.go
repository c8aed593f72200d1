package golden

import . "time"

func DotAfter(in <-chan int, d Duration) int {
	n := 0
	for {
		select {
		case v := <-in:
			n += v
		case <-After(d): // want "GFL008 time.After in a loop"
			return n
		}
	}
}

// A package-level function named After is not package time's.
func LocalAfter(in <-chan int, d Duration) {
	for {
		select {
		case <-in:
		case <-after(d):
			return
		}
	}
}

func after(d Duration) <-chan Time { return nil }
