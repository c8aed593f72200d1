package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// A command-line tool holds one file per pattern match or flag value until it
// exits: even a directory listing is not evidence that a loop in package main
// piles up anything that matters.  Not reported.
func main() {
	pattern := flag.String("rules", "*.yaml", "rule files")
	flag.Parse()
	matches, err := filepath.Glob(*pattern)
	if err != nil {
		panic(err)
	}
	for _, name := range matches {
		f, err := os.Open(name)
		if err != nil {
			panic(err)
		}
		defer func() { _ = f.Close() }()
		fmt.Println(f.Name())
	}
	for _, id := range ids() {
		f, err := os.Create(id + ".log")
		if err != nil {
			panic(err)
		}
		defer f.Close()
		fmt.Fprintln(f, id)
	}
}

func ids() []string { return flag.Args() }
