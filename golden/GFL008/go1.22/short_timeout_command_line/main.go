package main

import (
	"fmt"
	"time"
)

// A command-line program follows one slow stream with a short constant
// timeout: a few timers for a few seconds at most.  Not reported.
func main() {
	updates := make(chan string)
	go stream(updates)
	for {
		select {
		case <-time.After(2 * time.Second):
			fmt.Println("timeout waiting for stats")
		case u, ok := <-updates:
			if !ok {
				return
			}
			fmt.Println(u)
		}
	}
}

func stream(out chan<- string) {
	for i := 0; i < 3; i++ {
		out <- fmt.Sprint(i)
		time.Sleep(time.Second)
	}
	close(out)
}
