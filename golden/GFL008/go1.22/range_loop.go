package golden

import "time"

func Forward(in <-chan int, out chan<- int, d time.Duration) int {
	dropped := 0
	for v := range in {
		select {
		case out <- v:
		case <-time.After(d): // want "GFL008"
			dropped++
		}
	}
	return dropped
}
