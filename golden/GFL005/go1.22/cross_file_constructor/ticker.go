package golden

import (
	"errors"
	"time"
)

func makeTicker(d time.Duration) (*time.Ticker, error) {
	if d <= 0 {
		return nil, errors.New("ticker: interval must be positive")
	}
	return time.NewTicker(d), nil
}
