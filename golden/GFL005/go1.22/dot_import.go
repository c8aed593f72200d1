package golden

import . "time"

func DotTicker(quit <-chan struct{}, every Duration) {
	t := NewTicker(every) // want "GFL005 ticker t is never stopped"
	for {
		select {
		case <-t.C:
		case <-quit:
			return
		}
	}
}

func DotTick(quit <-chan struct{}) {
	for range Tick(Second) { // want "GFL005 time.Tick"
		select {
		case <-quit:
			return
		default:
		}
	}
}
