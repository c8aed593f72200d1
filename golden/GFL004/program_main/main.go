package main

import (
	"fmt"
	"os"
	"time"
)

func lookup(name string, out chan<- string) {
	out <- "found " + name
}

// Returning from main ends the program: the goroutines still blocked on their
// sends end with it.  But each round of the polling loop makes a new channel and
// may leave the old one owed a send: that leaks while main keeps running.
func main() {
	results := make(chan string)
	for _, name := range os.Args[1:] {
		go lookup(name, results)
	}
	if len(os.Args) > 9 {
		fmt.Println("too many names")
		return
	}
	for range os.Args[1:] {
		select {
		case r := <-results:
			fmt.Println(r)
		case <-time.After(time.Second):
			return
		}
	}
	for i := 0; i < 3; i++ {
		ch := make(chan string) // want "GFL004 the goroutine running lookup started at line 35 blocks forever on `out <- .found . \\+ name` when the loop makes a new ch at line 34"
		go lookup("round", ch)
		select {
		case r := <-ch:
			fmt.Println(r)
		case <-time.After(time.Millisecond):
		}
	}
}
