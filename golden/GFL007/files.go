// gofixleak-options: GFL007.any_loop
package golden

import (
	"fmt"
	"io"
	"os"
)

type entry struct{ path string }

// syncAll is Go 101's example: every file stays open until syncAll returns.
func syncAll(files []entry) error {
	for _, file := range files {
		f, err := os.Open(file.path)
		if err != nil {
			return err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when syncAll returns"
		if err := f.Sync(); err != nil {
			return fmt.Errorf("sync %s: %w", file.path, err)
		}
	}
	return nil
}

// copyAll uses a three-clause loop and writes through a file made in the iteration.
func copyAll(dst io.Writer, paths []string) (int64, error) {
	var total int64
	for i := 0; i < len(paths); i++ {
		f, err := os.Open(paths[i])
		if err != nil {
			return 0, err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when copyAll returns"
		n, err := io.Copy(dst, f)
		if err != nil {
			return total, fmt.Errorf("copy %s: %w", paths[i], err)
		}
		total += n
	}
	return total, nil
}

// drain reads files named on a channel until it is closed.
func drain(names <-chan string) {
	for name := range names {
		f, err := os.Open(name)
		if err != nil {
			fmt.Println("skip", name)
			continue
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when drain returns"
		buf := make([]byte, 64)
		if _, err := f.Read(buf); err != nil {
			fmt.Println("empty", name)
		}
	}
}

// closeEach hands the file to the deferred function literal as its argument.
func closeEach(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer func(f *os.File) { // want "defer func\(\) {...}\(\) in a loop runs only when closeEach returns"
			if err := f.Close(); err != nil {
				panic(err)
			}
		}(f)
		fmt.Println(f.Name())
	}
}

// visit is a function literal: its own returns are the ones to propagate.
var visit = func(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when the function literal returns"
		fmt.Println(f.Name())
	}
	return nil
}
