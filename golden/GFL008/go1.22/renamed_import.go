package golden

import tm "time"

func Renamed(in <-chan int, d tm.Duration) {
	timer := "taken"
	_ = timer
	for {
		select {
		case <-in:
		case <-tm.After(d): // want "GFL008"
			return
		}
	}
}
