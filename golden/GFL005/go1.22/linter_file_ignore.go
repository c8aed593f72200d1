// Package golden polls for the whole life of the process.
package golden

//lint:file-ignore SA1015 these pollers live as long as the process

import "time"

func pollForever(stop <-chan struct{}) {
	for range time.Tick(time.Second) {
		select {
		case <-stop:
			return
		default:
		}
	}
}
