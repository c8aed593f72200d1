// gofixleak-options: GFL007.any_loop
package golden

import (
	"fmt"
	"os"
	"path/filepath"
)

// shards ranges over an integer (Go 1.22).
func shards(dir string, n int) error {
	for i := range n {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("shard-%d", i)))
		if err != nil {
			return err
		}
		defer f.Close() // want "defer f.Close\(\) in a loop runs only when shards returns"
		if _, err := fmt.Fprintf(f, "shard %d\n", i); err != nil {
			return err
		}
	}
	return nil
}
