package golden

import (
	"context"
	"time"
)

func flush() {}

// A goroutine ranging over a ticker's channel never ends, even once the ticker
// is stopped: reported in every Go version.

func Background(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	go func() {
		for range t.C { // want "GFL005 this goroutine ranges over t.C, which Stop never closes.*\\(in every Go version\\)"
			flush()
		}
	}()
	<-ctx.Done()
}

type Flusher struct {
	ticker *time.Ticker
}

func (f *Flusher) Start() {
	f.ticker = time.NewTicker(time.Second)
	go f.loop()
}

func (f *Flusher) loop() {
	for range f.ticker.C { // want "GFL005 this goroutine ranges over f.ticker.C"
		flush()
	}
}

func (f *Flusher) Close() {
	f.ticker.Stop()
}

func consume(t *time.Ticker) {
	for now := range t.C { // want "GFL005 this goroutine ranges over t.C"
		_ = now
		flush()
	}
}

func Passed(ctx context.Context) {
	t := time.NewTicker(time.Second)
	go consume(t)
	<-ctx.Done()
	t.Stop()
}

// Not reported: the goroutine has a way out.
func WithDone(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	go func() {
		for range t.C {
			if ctx.Err() != nil {
				return
			}
			flush()
		}
	}()
}

// Not reported: nobody stops the ticker, so the goroutine is meant to run for good.
func Forever() {
	t := time.NewTicker(time.Second)
	go func() {
		for range t.C {
			flush()
		}
	}()
}

// Not reported: not a goroutine.
func Inline(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for range t.C {
		flush()
	}
}

// With a done channel in scope, the suggestion selects on it.
func Report(done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	go func() {
		for now := range t.C { // want "GFL005 this goroutine ranges over t.C"
			_ = now
			flush()
		}
	}()
	<-done
}
