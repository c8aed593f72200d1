// gofixleak-options: GFL007.any_loop
package golden

import (
	"iter"
	"os"
)

// sizes ranges over an iterator function (Go 1.23); deferred calls in its body
// still run only when the enclosing function returns.
func sizes(paths iter.Seq[string]) (map[string]int64, error) {
	out := map[string]int64{}
	for p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when sizes returns"
		fi, err := f.Stat()
		if err != nil {
			return nil, err
		}
		out[p] = fi.Size()
		if len(out) > 10 {
			break
		}
	}
	return out, nil
}
