// gofixleak-options: GFL007.any_loop
package golden

import (
	"fmt"
	"os"
)

// describe keeps comments, blank lines and raw strings as they are.
func describe(paths []string) error {
	for _, p := range paths { // each path in turn
		/* open it;
		   the block comment moves with the code */
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf(`open %q:
%w`, p, err) // a raw string spanning lines
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when describe returns"

		// a comment on its own line
		fi, err := f.Stat() // short
		if err != nil {     // aligned
			continue // skip it
		}
		fmt.Println(`name:
	` + fi.Name())
	}
	return nil
}
