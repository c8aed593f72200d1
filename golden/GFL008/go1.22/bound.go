package golden

import "time"

func Bound(in <-chan int, d time.Duration) int {
	sum := 0
	for {
		timeout := time.After(d) // want "GFL008 time.After in a loop"
		select {
		case v := <-in:
			sum += v
		case <-timeout:
			return sum
		}
	}
}

// Only plain receives: each waits for its own timer, which then goes away.
func Sleeps(n int, d time.Duration) {
	for i := 0; i < n; i++ {
		wait := time.After(d)
		<-wait
	}
}
