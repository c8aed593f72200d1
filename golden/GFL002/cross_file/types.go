package golden

// Cache is declared here; the subslices are stored in cache.go.
type Cache struct {
	recent []int64
	oldest []int64
}

// Empty tells a cache that was never filled (nil) from an empty one.
func (c *Cache) Empty() bool {
	return c.recent == nil
}
