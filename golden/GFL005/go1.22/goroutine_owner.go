package golden

import "time"

func beat() {}

// The goroutine is the ticker's only user: it must stop it when it returns.
func StartHeartbeat(done <-chan struct{}, every time.Duration) {
	t := time.NewTicker(every) // want "GFL005 ticker t is used only by a goroutine that can return without stopping it"
	go func() {
		// beat until done
		for {
			select {
			case <-t.C:
				beat()
			case <-done:
				return
			}
		}
	}()
}

// Stopped by the goroutine: nothing to do.
func StartStopped(done <-chan struct{}, every time.Duration) {
	t := time.NewTicker(every)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-t.C:
				beat()
			case <-done:
				return
			}
		}
	}()
}

// The goroutine never returns: it needs the ticker for good.
func StartForever(every time.Duration) {
	t := time.NewTicker(every)
	go func() {
		for range t.C {
			beat()
		}
	}()
}

// Used by the starting function too: not the goroutine's alone.
func StartShared(done <-chan struct{}, every time.Duration) {
	t := time.NewTicker(every)
	<-t.C
	go func() {
		select {
		case <-t.C:
		case <-done:
		}
	}()
}

// Several goroutines share the ticker: the first to return must not stop it for the
// others. Reported without a fix.
func StartWorkers(done <-chan struct{}, every time.Duration, n int) {
	t := time.NewTicker(every) // want "GFL005 ticker t is shared by goroutines started here"
	for i := 0; i < n; i++ {
		go func() {
			for {
				select {
				case <-t.C:
					beat()
				case <-done:
					return
				}
			}
		}()
	}
}

// A closure that starts the goroutine may run more than once: shared too.
func StartByClosure(done <-chan struct{}, every time.Duration) {
	t := time.NewTicker(every) // want "GFL005 ticker t is shared by goroutines started here"
	start := func() {
		go func() {
			select {
			case <-t.C:
				beat()
			case <-done:
			}
		}()
	}
	start()
	start()
}

// One ticker per goroutine, made in the same iteration: each goroutine owns its own.
func StartEach(done <-chan struct{}, every time.Duration, n int) {
	for i := 0; i < n; i++ {
		t := time.NewTicker(every) // want "GFL005 ticker t is used only by a goroutine"
		go func() {
			select {
			case <-t.C:
				beat()
			case <-done:
			}
		}()
	}
}
