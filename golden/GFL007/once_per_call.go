package golden

import (
	"errors"
	"time"
)

// A case that receives from a result channel the function made with room for
// one value wins once per call, however long the loop around it runs: its
// defer runs once.  Not reported.
func roundTrip(write func(chan<- error), read <-chan []byte, headerTimeout time.Duration) ([]byte, error) {
	writeErrCh := make(chan error, 1)
	go write(writeErrCh)
	var timeout <-chan time.Time
	for {
		select {
		case err := <-writeErrCh:
			if err != nil {
				return nil, err
			}
			timer := time.NewTimer(headerTimeout)
			defer timer.Stop()
			timeout = timer.C
		case b := <-read:
			return b, nil
		case <-timeout:
			return nil, errors.New("timeout awaiting response headers")
		}
	}
}
