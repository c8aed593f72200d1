package golden

import (
	"fmt"
	. "time"
)

// Declared as any: `tk.Stop()` would not compile, so no fix.
func AssignedAny(fast bool) bool {
	var tk any
	if fast {
		tk = NewTicker(Millisecond) // want "GFL005 ticker tk is never stopped"
	}
	return tk != nil
}

// A deferred closure registered before the creation waits for one more tick:
// a `defer tk.Stop()` after the creation would run first and the wait would never end.
func AssignedFinalTick() {
	var tk *Ticker
	defer func() {
		if tk != nil {
			<-tk.C
			fmt.Println("final tick")
		}
	}()
	tk = NewTicker(Millisecond) // want "GFL005 ticker tk is never stopped"
	<-tk.C
}

// Dot-imported type: the fix is still offered.
func AssignedDotType(quit <-chan struct{}) {
	var tk *Ticker
	tk = NewTicker(Second) // want "GFL005 ticker tk is never stopped"
	for {
		select {
		case <-tk.C:
		case <-quit:
			return
		}
	}
}
