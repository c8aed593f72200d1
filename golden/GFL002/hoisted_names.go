// gofixleak-options: GFL002.any_size
package golden

import "io"

type Pair struct {
	Key, Val []byte
}

var pairs []*Pair

// Each hoisted copy gets its own name, even when two are made in one function.
func readPairs(r io.Reader) {
	raw := make([]byte, 4096)
	if _, err := io.ReadFull(r, raw); err != nil {
		return
	}
	first := &Pair{Key: raw[:8], Val: raw[8:16]} // want "GFL002 package-level variable pairs keeps the subslice raw\\[:8\\]" "GFL002 package-level variable pairs keeps the subslice raw\\[8:16\\]"
	second := &Pair{Key: raw[16:24]}             // want "GFL002 package-level variable pairs keeps the subslice raw\\[16:24\\]"
	pairs = append(pairs, first, second)
}
