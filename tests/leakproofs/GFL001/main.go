// Leak proof for GFL001: a 50-byte substring of a 1 MiB string kept in a
// package variable keeps the whole 1 MiB alive; so does a local substring
// kept twice, as a map key and in a struct field (named like the local).  The
// program prints the heap that stays allocated after the strings are
// dropped; the test runs it before and after applying gofixleak's own fix.
package main

import (
	"fmt"
	"runtime"
	"strings"
)

var kept string

type entry struct {
	name string
}

var index = map[string]*entry{}

//go:noinline
func load() {
	big := strings.Repeat("x", 1<<20) // 1 MiB on the heap
	kept = big[:50]
}

//go:noinline
func register(i int) {
	line := strings.Repeat("y", 1<<20) // another 1 MiB
	name := line[i : i+50]
	index[name] = &entry{name: name}
}

func main() {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	load()
	register(10)
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	retained := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	fmt.Println(retained)
	runtime.KeepAlive(kept)
	runtime.KeepAlive(index)
}
