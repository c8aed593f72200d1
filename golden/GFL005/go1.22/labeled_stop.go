package golden

import "time"

func flush() {}

// The ticker is stopped by the statement a goto jumps to: nothing leaks.
func FlushLoop(exit <-chan struct{}, every time.Duration) {
	ticker := time.NewTicker(every)
	for {
		select {
		case <-exit:
			goto done
		case <-ticker.C:
			for i := 0; i < 3; i++ {
				flush()
			}
		}
	}

done:
	ticker.Stop()
}

// The labeled statement is not the stop: the ticker leaks on that way out.
func FlushLoopLeaks(exit <-chan struct{}, every time.Duration) {
	ticker := time.NewTicker(every) // want "GFL005 ticker ticker is not stopped on every path out of FlushLoopLeaks"
	for {
		select {
		case <-exit:
			goto done
		case <-ticker.C:
			flush()
			if every > time.Hour {
				return
			}
		}
	}

done:
	ticker.Stop()
}
