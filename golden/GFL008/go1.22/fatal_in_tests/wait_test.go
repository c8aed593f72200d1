package golden

import (
	"testing"
	"time"
)

func more(i int) bool { return i < 3 }

// A fixed number of receives (FP-12): not reported whatever the select does.
func TestFixedReceives(t *testing.T) {
	c := make(chan int, 5)
	for range 5 {
		c <- 1
	}
	for i := 0; i < 5; i++ {
		select {
		case <-c:
		case <-time.After(time.Second):
			t.Fatal("no value")
		}
	}
}

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

// Here the value case goes round again while the timer runs, for as long as more says.
func TestDeliveries(t *testing.T) {
	c := make(chan int)
	for i := 0; more(i); i++ {
		go deliver(c)
		select {
		case <-c:
		case <-time.After(time.Second): // want "GFL008 time.After in a loop"
			t.Fatal("no delivery")
		}
	}
}
