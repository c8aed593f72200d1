// Leak proof for GFL001: a 50-byte substring of a 1 MiB string kept in a
// package variable keeps the whole 1 MiB alive.  The program prints the heap
// that stays allocated after the string is dropped; the test runs it before
// and after applying gofixleak's own fix.
package main

import (
	"fmt"
	"runtime"
	"strings"
)

var kept string

//go:noinline
func load() {
	big := strings.Repeat("x", 1<<20) // 1 MiB on the heap
	kept = big[:50]
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
	fmt.Println(retained)
	runtime.KeepAlive(kept)
}
