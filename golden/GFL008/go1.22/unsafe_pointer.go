// gofixleak-options: --unsafe-fixes

package golden

import "time"

type Config struct {
	Idle time.Duration
}

// c.Idle is read before the loop even when ready() is false at once: with a nil c that
// panics where the original did not. The fix is unsafe.
func ByPointer(c *Config, in <-chan int, ready func() bool) {
	for ready() {
		select {
		case <-in:
		case <-time.After(c.Idle): // want "GFL008"
			return
		}
	}
}
