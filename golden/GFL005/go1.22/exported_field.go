package golden

import "time"

// An exported field: code in other packages may stop it, so it is not reported.
type Registry struct {
	Ticker *time.Ticker
	name   string
}

func NewRegistry(ttl time.Duration) *Registry {
	r := &Registry{Ticker: time.NewTicker(ttl), name: "r"}
	go func() {
		for range r.Ticker.C {
			r.refresh()
		}
	}()
	return r
}

func (r *Registry) refresh() {}

// An unexported field of the same shape is reported.
type registryCache struct {
	ticker *time.Ticker
}

func newRegistryCache(ttl time.Duration) *registryCache {
	return &registryCache{ticker: time.NewTicker(ttl)} // want "GFL005 field registryCache.ticker holds a ticker that nothing in package golden stops"
}

// A cache per lookup: its ticker is lost with each one.
func lookup(ttl time.Duration) bool {
	return newRegistryCache(ttl) != nil
}
