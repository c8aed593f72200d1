package golden

import (
	"context"
	"time"
)

type Source[T any] struct {
	items chan T
	tick  *time.Ticker
}

func Drain[T any](ctx context.Context, s *Source[T], every time.Duration) []T {
	t := time.NewTicker(every) // want "GFL005 ticker t is never stopped"
	var out []T
	for {
		select {
		case <-ctx.Done():
			return out
		case v := <-s.items:
			out = append(out, v)
		case <-t.C:
			return out
		}
	}
}

func NewSource[T any]() *Source[T] {
	return &Source[T]{items: make(chan T), tick: time.NewTicker(time.Second)}
}

func (s *Source[T]) Stop() {
	s.tick.Stop()
}
