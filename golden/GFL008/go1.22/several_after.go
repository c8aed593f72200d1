package golden

import "time"

// The warning's case goes round again while the give-up timer still runs: that one
// is left behind. The warning's own timer is only left running when another case
// won, and every other case returns.
func Watch(in <-chan int, warn, give time.Duration) int {
	warned := 0
	for {
		select {
		case v := <-in:
			return v
		case <-time.After(warn):
			warned++
		case <-time.After(give): // want "GFL008 time.After in a loop"
			return -warned
		}
	}
}

func Both(in <-chan int, warn, give time.Duration) int {
	n := 0
	for {
		select {
		case <-in:
			n++
		case <-time.After(warn): // want "GFL008 time.After in a loop"
			n--
		case <-time.After(give): // want "GFL008 time.After in a loop"
			return n
		}
	}
}
