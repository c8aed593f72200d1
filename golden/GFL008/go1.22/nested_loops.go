package golden

import "time"

// Rounds walks slices: a number of iterations fixed when the loops start, so at most that many
// timers, each gone d later; not reported.
func Rounds(rounds [][]int, in <-chan int, d time.Duration) int {
	total := 0
	for _, round := range rounds {
		for range round {
			select {
			case v := <-in:
				total += v
			case <-time.After(d):
				total--
			}
		}
	}
	return total
}

func Labels(in <-chan int, d time.Duration) int {
	n := 0
Outer:
	for {
	Inner:
		for {
			select {
			case v, ok := <-in:
				if !ok {
					break Outer
				}
				n += v
				if v == 0 {
					break Inner
				}
			case <-time.After(d): // want "GFL008 time.After in a loop"
				continue Outer
			}
		}
		n++
	}
	return n
}
