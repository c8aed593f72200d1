// gofixleak-options: GFL007.any_loop
package golden

import (
	"log"
	"os"
)

// logged: before Go 1.22 every deferred function sees the last path, so
// closing (and logging) in each iteration would change which path is logged;
// the fix is unsafe, not applied by default.
func logged(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer func() { // want "defer func\(\) {...}\(\) in a loop runs only when logged returns"
			if err := f.Close(); err != nil {
				log.Printf("close %s: %v", p, err)
			}
		}()
		log.Print(f.Name())
	}
}

// passed: the path is an argument, evaluated when the defer runs: safe.
func passed(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer func(name string) { // want "defer func\(\) {...}\(\) in a loop runs only when passed returns"
			if err := f.Close(); err != nil {
				log.Printf("close %s: %v", name, err)
			}
		}(p)
		log.Print(f.Name())
	}
}
