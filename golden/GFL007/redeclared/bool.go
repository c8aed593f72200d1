// gofixleak-options: GFL007.any_loop
package golden

import "os"

type bool = int

// redeclared: with `bool` redeclared the literal's result cannot be spelled.
func redeclared(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			break
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when redeclared returns.*no automatic fix: `bool` is redeclared here"
		println(f.Name())
	}
}
