// gofixleak-options: GFL005.tests
package main

import "time"

var ticks int

func init() {
	<-time.Tick(time.Millisecond)
	ticks++
}

func main() {
	t := time.NewTicker(time.Millisecond)
	<-t.C
	for range time.Tick(time.Millisecond) {
		ticks++
		if ticks > 3 {
			break
		}
	}
	<-time.Tick(time.Millisecond)
	for i := 0; i < 3; i++ {
		<-time.Tick(time.Millisecond) // want "GFL005 time.Tick in a loop starts a new ticker on every iteration"
	}
	helper()
	shared := time.NewTicker(time.Millisecond) // one ticker for the program's life, shared by its workers
	for range 3 {
		go func() {
			for range 3 {
				<-shared.C
			}
		}()
	}
}

func helper() { // called only by main: runs once per process, so its one lost ticker is not reported
	<-time.Tick(time.Millisecond)
}

func init() {
	for i := 0; i < 3; i++ {
		t := time.NewTicker(time.Millisecond) // want "GFL005 ticker t is created on every iteration"
		<-t.C
	}
}
