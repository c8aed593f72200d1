package golden

import "time"

func sample() {}

// Paused with Stop and resumed with Reset: the range loop gets ticks again.
type Sampler struct {
	ticker *time.Ticker
}

func NewSampler(every time.Duration) *Sampler {
	s := &Sampler{ticker: time.NewTicker(every)}
	go s.loop()
	return s
}

func (s *Sampler) loop() {
	for range s.ticker.C {
		sample()
	}
}

func (s *Sampler) Pause()                     { s.ticker.Stop() }
func (s *Sampler) Resume(every time.Duration) { s.ticker.Reset(every) }

// Stopped for good: the goroutine hangs.
type Beacon struct {
	ticker *time.Ticker
}

func NewBeacon(every time.Duration) *Beacon {
	b := &Beacon{ticker: time.NewTicker(every)}
	go b.loop()
	return b
}

func (b *Beacon) loop() {
	for range b.ticker.C { // want "GFL005 this goroutine ranges over b.ticker.C, which Stop never closes"
		sample()
	}
}

func (b *Beacon) Close() { b.ticker.Stop() }

// A local ticker paused and resumed by the starting function.
func Pausable(pause, resume <-chan struct{}, every time.Duration) {
	t := time.NewTicker(every)
	go func() {
		for range t.C {
			sample()
		}
	}()
	for {
		select {
		case <-pause:
			t.Stop()
		case <-resume:
			t.Reset(every)
		}
	}
}
