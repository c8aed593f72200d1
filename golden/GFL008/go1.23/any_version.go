// gofixleak-options: GFL008.any_version

package golden

import "time"

func handle(int) {}

// With the option the finding is reported in a Go 1.23 file too. A program whose go.mod
// says go < 1.23 still gets buffered timer channels, so the fix stops and drains the
// timer before each Reset here as well.
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
