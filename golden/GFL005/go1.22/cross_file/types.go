package golden

import "time"

type Service struct {
	ticker *time.Ticker
	done   chan struct{}
}

type Meter struct {
	ticker *time.Ticker
}

func (m *Meter) Close() {
	m.ticker.Stop()
}

// A Service per connection.
func serveAll(conns []string) {
	for range conns {
		_ = NewService()
	}
}
