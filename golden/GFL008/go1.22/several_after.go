package golden

import "time"

func Watch(in <-chan int, warn, give time.Duration) int {
	warned := 0
	for {
		select {
		case v := <-in:
			return v
		case <-time.After(warn): // want "GFL008 time.After in a loop"
			warned++
		case <-time.After(give): // want "GFL008 time.After in a loop"
			return -warned
		}
	}
}
