// Leak proof for GFL007: a loop over a channel that creates 200 temporary files and closes
// each with `defer f.Close()` keeps all 200 open until the function returns.
// The program prints what it wrote, then the peak number of descriptors the
// loop held open beyond those open before it (counted in /proc/self/fd).  The
// test runs it before and after applying gofixleak's own fix.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

var peak int

func openFDs() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		panic(err)
	}
	return len(entries)
}

// writeAll creates a file in dir for each name it receives, for as long as names
// come, writes a line to each and returns the bytes written.
func writeAll(dir string, names <-chan string) (int, error) {
	written := 0
	for name := range names {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return 0, err
		}
		defer f.Close()
		k, err := fmt.Fprintf(f, "%s\n", name)
		if err != nil {
			return 0, err
		}
		written += k
		peak = max(peak, openFDs())
	}
	return written, nil
}

func main() {
	dir, err := os.MkdirTemp("", "gfl007-proof-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	base := openFDs()
	names := make(chan string)
	go func() {
		for i := range 200 {
			names <- fmt.Sprintf("part-%03d.txt", i)
		}
		close(names)
	}()
	written, err := writeAll(dir, names)
	if err != nil {
		panic(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		panic(err)
	}
	fmt.Println("files", len(entries))
	fmt.Println("bytes", written)
	fmt.Println("peak-extra-fds", peak-base)
}
