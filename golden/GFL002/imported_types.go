// gofixleak-options: GFL002.any_size
package golden

import (
	"io"
	stdtime "time"
)

// An alias of a slice type, with elements from a package imported under another name.
type Durations = []stdtime.Duration

type Stats struct {
	recent Durations
	events []*stdtime.Timer
}

// The element type is spelled the way this file imports its package.
func (s *Stats) record(all []stdtime.Duration) {
	buf := make(Durations, len(all))
	copy(buf, all)
	s.recent = buf[len(buf)-10:] // want "GFL002 field s.recent of the receiver keeps the subslice buf\\[len\\(buf\\)-10:\\]"
}

func (s *Stats) timers(n int) {
	ts := make([]*stdtime.Timer, 64)
	for i := range ts {
		ts[i] = stdtime.NewTimer(stdtime.Second)
	}
	s.events = ts[:n] // want "GFL002 field s.events of the receiver keeps the subslice ts\\[:n\\]"
}

// copy is shadowed here: no fix can be spelled, the finding stays.
func (s *Stats) shadowed(r io.Reader) {
	copy := make([]stdtime.Duration, 100)
	for i := range copy {
		copy[i] = stdtime.Second
	}
	s.recent = copy[:50] // want "GFL002 field s.recent of the receiver keeps the subslice copy\\[:50\\]"
	_ = r
}
