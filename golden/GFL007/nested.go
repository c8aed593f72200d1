// gofixleak-options: GFL007.any_loop
package golden

import (
	"fmt"
	"os"
	"path/filepath"
)

// walk defers in the inner loop: only the inner body is wrapped; branches of
// loops inside the wrapped body stay as they are.
func walk(dirs []string, names []string) {
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		for _, name := range names {
			f, err := os.Open(filepath.Join(dir, name))
			if err != nil {
				continue
			}
			defer f.Close() // want "defer f.Close\(\) in a loop runs only when walk returns"
			for i := 0; i < 3; i++ {
				if i == 1 {
					continue
				}
				fmt.Println(dir, name, i)
			}
		}
	}
}

// both defers in the outer and the inner loop: both bodies get wrapped.
func both(dirs []string, names []string) {
	for _, dir := range dirs {
		d, err := os.Open(dir)
		if err != nil {
			continue
		}
		defer d.Close() // want "defer d.Close\(\) in a loop runs only when both returns"
		for _, name := range names {
			f, err := os.Open(filepath.Join(dir, name))
			if err != nil {
				break
			}
			defer f.Close() // want "defer f.Close\(\) in a loop runs only when both returns"
			fmt.Println(f.Name())
		}
	}
}

// breakOnce: the defer runs once per run of the inner loop, but the outer loop
// runs it again for every dir, so it still piles up.
func breakOnce(dirs []string, name string) {
	for _, dir := range dirs {
		for {
			f, err := os.Open(filepath.Join(dir, name))
			if err != nil {
				break
			}
			defer f.Close() // want "defer f.Close\(\) in a loop runs only when breakOnce returns"
			break
		}
	}
}
