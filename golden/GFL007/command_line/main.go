// gofixleak-options: GFL007.any_loop
package main

import (
	"flag"
	"fmt"
	"os"
)

// A command-line tool opens each file it is given: one per argument, held until
// main returns and the process ends. Not reported.
func main() {
	flag.Parse()
	for _, name := range flag.Args() {
		f, err := os.Open(name)
		if err != nil {
			panic(err)
		}
		defer f.Close()
		fmt.Println(f.Name())
	}
	for _, name := range os.Args[1:] {
		f, err := os.Open(name)
		if err != nil {
			panic(err)
		}
		defer f.Close()
		fmt.Println(f.Name())
	}
	dump(os.Args[1:])
}

// Elsewhere the same loop is reported: dump may be called with any list.
func dump(names []string) {
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			panic(err)
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when dump returns"
		fmt.Println(f.Name())
	}
}
