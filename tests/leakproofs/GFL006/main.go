// Behaviour program for GFL006: a finalizer on an object in a reference
// cycle never runs, and the cycle is never freed; the same finalizer on an
// object outside any cycle runs after the next collections.  The program
// drops both objects, collects repeatedly (waiting each round until a fresh
// probe object's finalizer has run, so every finalizer queued so far has
// had its turn), and prints which finalizers ran and how much heap the
// cycle still holds.
package main

import (
	"fmt"
	"runtime"
	"sync/atomic"
)

type node struct {
	buf  [1 << 20]byte // 1 MiB, so the retained cycle shows in the heap
	next *node
}

var cyclicRan, acyclicRan, heldRan atomic.Bool

//go:noinline
func makeCyclic() {
	a, b := &node{}, &node{}
	a.next, b.next = b, a
	runtime.SetFinalizer(a, func(*node) { cyclicRan.Store(true) })
}

//go:noinline
func makeAcyclic() {
	a := &node{next: &node{}}
	runtime.SetFinalizer(a, func(*node) { acyclicRan.Store(true) })
}

// makeHeld's finalizer closure keeps a copy of the pointer: the object is
// reachable from its own finalizer, a cycle through the runtime's table.
//
//go:noinline
func makeHeld() {
	a := &node{}
	held := a
	runtime.SetFinalizer(a, func(*node) { heldRan.Store(held != nil) })
}

// collect runs garbage collections until a new probe object's finalizer has run.
func collect() {
	done := make(chan struct{})
	probe := new([16]byte)
	runtime.SetFinalizer(probe, func(*[16]byte) { close(done) })
	probe = nil
	for {
		runtime.GC()
		select {
		case <-done:
			return
		default:
			runtime.Gosched()
		}
	}
}

func main() {
	var before, after runtime.MemStats
	collect()
	runtime.ReadMemStats(&before)
	makeCyclic()
	makeAcyclic()
	makeHeld()
	for range 5 {
		collect()
	}
	runtime.ReadMemStats(&after)
	fmt.Println("acyclic finalizer ran:", acyclicRan.Load())
	fmt.Println("cyclic finalizer ran:", cyclicRan.Load())
	fmt.Println("held finalizer ran:", heldRan.Load())
	fmt.Println("retained bytes:", int64(after.HeapAlloc)-int64(before.HeapAlloc))
}
