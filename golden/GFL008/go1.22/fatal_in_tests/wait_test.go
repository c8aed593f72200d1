package golden

import (
	"testing"
	"time"
)

// t.Fatal ends the test's goroutine: the select only comes round after its timer fired.
func TestQuiet(t *testing.T) {
	c := make(chan int, 1)
	for i := 0; i < 3; i++ {
		select {
		case v := <-c:
			t.Fatalf("unexpected value %d", v)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// Here the value case goes round again while the timer runs.
func TestDeliveries(t *testing.T) {
	c := make(chan int)
	for i := 0; i < 3; i++ {
		go deliver(c)
		select {
		case <-c:
		case <-time.After(time.Second): // want "GFL008 time.After in a loop"
			t.Fatal("no delivery")
		}
	}
}
