package golden

import (
	"sync"
	"time"
)

type Cache struct {
	mu      sync.Mutex
	entries map[string]string
	sweep   *time.Ticker
}

func NewCache() *Cache {
	return &Cache{
		entries: map[string]string{},
		sweep:   time.NewTicker(time.Minute), // want "GFL005 field Cache.sweep holds a ticker that nothing in package golden stops.*stop it in Cache's Close method"
	}
}

func (c *Cache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries = nil
	return nil
}

type Pinger struct {
	every *time.Ticker
}

func (p *Pinger) Start(d time.Duration) {
	t := time.NewTicker(d)
	p.every = t // want "GFL005 field Pinger.every holds a ticker"
}

func (p *Pinger) Wait() {
	<-p.every.C
}

func (p *Pinger) Shutdown() {}

// Stopped in Close: nothing to report.
type Poller struct {
	tick *time.Ticker
}

func NewPoller(d time.Duration) *Poller {
	return &Poller{tick: time.NewTicker(d)}
}

func (p *Poller) Close() {
	p.tick.Stop()
}

// Handed to a helper that may stop it: nothing to report.
type Handed struct {
	tick *time.Ticker
}

func (h *Handed) Start(d time.Duration) {
	h.tick = time.NewTicker(d)
}

func (h *Handed) Close() {
	stopTicker(h.tick)
}

func stopTicker(t *time.Ticker) { t.Stop() }

// No Close or Stop method: the message says where the Stop belongs, no suggestion.
type Orphan struct {
	t *time.Ticker
}

func MakeOrphan() Orphan {
	return Orphan{t: time.NewTicker(time.Second)} // want "GFL005 field Orphan.t holds a ticker.*stop it in Orphan's Close or Stop method"
}

// Kept in a field for others to Reset, but stopped by the function that made it: nothing to report.
type Session struct {
	heartbeat *time.Ticker
}

func (s *Session) Run(done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	s.heartbeat = t
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
	}
}

func (s *Session) Bump(d time.Duration) {
	s.heartbeat.Reset(d)
}

// One Orphan per peer: its ticker is lost each time one is dropped.
func orphans(peers []string) []Orphan {
	var out []Orphan
	for range peers {
		out = append(out, MakeOrphan())
	}
	return out
}
