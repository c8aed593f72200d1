// Leak proof for GFL002: the last 30 elements of a 1M-element slice kept in
// a package variable keep all 8 MiB of the backing array alive.  The program
// prints the heap that stays allocated after the big slice is dropped; the
// test runs it before and after applying gofixleak's own fix.
package main

import (
	"fmt"
	"runtime"
)

var s0 []int

//go:noinline
func load() {
	s1 := make([]int, 1<<20) // 8 MiB on the heap
	for i := range s1 {
		s1[i] = i
	}
	s0 = s1[len(s1)-30:]
}

func main() {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	load()
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	retained := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if s0[29] != 1<<20-1 {
		panic("the kept elements changed")
	}
	fmt.Println(retained)
	runtime.KeepAlive(s0)
}
