// gofixleak-options: GFL002.any_size
package golden

func load() []int64 { return nil }

// recent is compared with nil in types.go, and the subslice may be nil.
func (c *Cache) fill() {
	all := load()
	c.recent = all[:len(all)/2] // want "GFL002 field c.recent of the receiver keeps the subslice all\\[:len\\(all\\)/2\\]"
}

// oldest is never compared with nil, and a positive bound proves the subslice is not nil.
func (c *Cache) fillOldest() {
	all := make([]int64, 1000)
	c.oldest = all[10:20] // want "GFL002 field c.oldest of the receiver keeps the subslice all\\[10:20\\]"
}
