package golden

import "time"

// A goto before the loop jumps to a label after it: a timer declared in front of the
// loop would be jumped over, which does not compile. Reported without a fix.
func Skip(in <-chan int, d time.Duration, skip bool) int {
	n := 0
	if skip {
		goto done
	}
	for {
		select {
		case <-in:
			n++
			continue
		case <-time.After(d): // want "GFL008 time.After in a loop"
		}
		break
	}
done:
	return n
}

// The loop's own label: the goto jumps to it, over anything inserted before it.
func Restart(in <-chan int, d time.Duration, again bool) int {
	n := 0
	if again {
		goto loop
	}
	n = 5
loop:
	for {
		select {
		case <-in:
			n++
			continue
		case <-time.After(d): // want "GFL008 time.After in a loop"
		}
		break
	}
	return n
}

// A goto backwards (after the loop) is fine: the timer is in scope where it jumps from.
func Again(in <-chan int, d time.Duration) int {
	n := 0
top:
	for {
		select {
		case <-in:
			n++
			continue
		case <-time.After(d): // want "GFL008 time.After in a loop"
		}
		break
	}
	if n < 3 {
		goto top
	}
	return n
}
