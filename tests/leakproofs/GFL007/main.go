// Leak proof for GFL007: a loop that creates 200 temporary files and closes
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

// writeAll creates n files in dir, writes a line to each and returns the bytes written.
func writeAll(dir string, n int) (int, error) {
	written := 0
	for i := 0; i < n; i++ {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("part-%03d.txt", i)))
		if err != nil {
			return 0, err
		}
		defer f.Close()
		k, err := fmt.Fprintf(f, "part %d\n", i)
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
	written, err := writeAll(dir, 200)
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
