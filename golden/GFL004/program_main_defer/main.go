package main

import (
	"fmt"
	"sync"
	"time"
)

// main defers work that runs after the early return: here it waits for the
// goroutine, which is still blocked on its send, so the program deadlocks.
// The early return does not end the program, and the channel is reported.
func main() {
	var wg sync.WaitGroup
	ch := make(chan int) // want "GFL004 the goroutine started at line 16 blocks forever on `ch <- 1` \\(line 18\\) when the select at line 21 takes `case <-time.After\\(time.Millisecond\\)` and returns at line 26"
	wg.Add(1)
	go func() {
		defer wg.Done()
		ch <- 1
	}()
	defer wg.Wait()
	select {
	case v := <-ch:
		fmt.Println(v)
	case <-time.After(time.Millisecond):
		fmt.Println("timeout")
		return
	}
}
