// gofixleak-options: GFL008.any_version

package golden

import "time"

func handle(int) {}

// With the option the finding is reported in a Go 1.23 file too; its timer channels
// are synchronous, so Reset alone is enough.
func Consume(in <-chan int, d time.Duration) {
	for {
		select {
		case v := <-in:
			handle(v)
		case <-time.After(d): // want "GFL008 time.After in a loop"
			return
		}
	}
}

func Bound(in <-chan int, d time.Duration) {
	for {
		timeout := time.After(d) // want "GFL008 time.After in a loop"
		select {
		case v := <-in:
			handle(v)
		case <-timeout:
			return
		}
	}
}
