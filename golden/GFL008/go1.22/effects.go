package golden

import "time"

type Config struct {
	Idle time.Duration
}

func (c *Config) Timeout() time.Duration { return c.Idle }

// The duration calls a method: evaluating it once more, earlier, may do something. Suggestion only.
func ByMethod(c *Config, in <-chan int) {
	for {
		select {
		case <-in:
		case <-time.After(c.Timeout()): // want "GFL008"
			return
		}
	}
}

// Through a pointer, and the loop may not reach the select: unsafe (evaluating c.Idle early may panic).
func ByPointer(c *Config, in <-chan int, ready func() bool) {
	for ready() {
		select {
		case <-in:
		case <-time.After(c.Idle): // want "GFL008"
			return
		}
	}
}

// Declared in the loop: the timer cannot be made before it. No fix.
func PerItem(items <-chan time.Duration, in <-chan int) {
	for d := range items {
		wait := d * 2
		select {
		case <-in:
		case <-time.After(wait): // want "GFL008"
		}
	}
}

// The select runs first thing in a `for {}`: evaluating c.Idle before the loop changes nothing.
func FirstThing(c *Config, in <-chan int) {
	for {
		select {
		case <-in:
		case <-time.After(c.Idle * 2): // want "GFL008"
			return
		}
	}
}
