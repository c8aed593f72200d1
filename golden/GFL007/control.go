// gofixleak-options: GFL007.any_loop
package golden

import (
	"fmt"
	"os"
	"strings"
)

// printHeads: `continue` of the loop becomes `return` from the literal, even
// inside a switch; `break` of a switch or select inside the body stays.
func printHeads(paths []string, done chan struct{}) {
	for _, p := range paths {
		if strings.HasPrefix(p, ".") {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when printHeads returns"
		switch {
		case strings.HasSuffix(p, ".tmp"):
			continue
		case strings.HasSuffix(p, ".log"):
			break
		default:
			fmt.Println(p)
		}
		select {
		case <-done:
			break
		default:
		}
		head := make([]byte, 16)
		for i := range head {
			if i > 8 {
				break
			}
			if i%2 == 0 {
				continue
			}
			head[i] = '.'
		}
		fmt.Println(string(head))
	}
}

// countLines: `break` of the loop makes the literal report it.
func countLines(paths []string, limit int) int {
	total := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			break
		}
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when countLines returns"
		total += strings.Count(string(data), "\n")
		if total >= limit {
			break
		}
	}
	return total
}

// lastStatementReturns: the translated body ends in a return, so no extra one is added.
func lastStatementReturns(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when lastStatementReturns returns"
		if fi, err := f.Stat(); err == nil && fi.Size() > 0 {
			fmt.Println(fi.Size())
			break
		} else {
			continue
		}
	}
}

// serve is an event loop: `continue` in a select case becomes `return`, and the
// function's bare return (it has no results) makes the literal report `done`,
// a name the channel already takes, so the flag gets a fresh one.
func serve(reqs <-chan string, done <-chan struct{}) {
	for {
		select {
		case req := <-reqs:
			f, err := os.Open(req)
			if err != nil {
				continue
			}
			defer f.Close() // want "defer f.Close\(\) in a loop runs only when serve returns"
			fmt.Println(f.Name())
		case <-done:
			return
		}
	}
}
