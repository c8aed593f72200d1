package golden

import (
	"context"
	"time"
)

func Start(ctx context.Context, in <-chan int, d time.Duration) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-in:
			case <-time.After(d): // want "GFL008"
				return
			}
		}
	}()
}
