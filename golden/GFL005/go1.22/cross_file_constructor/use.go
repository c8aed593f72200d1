package golden

import (
	"context"
	"time"
)

// The constructor is in the other file of the package.
func Use(ctx context.Context, d time.Duration) error {
	t, err := makeTicker(d) // want "GFL005 ticker t is never stopped"
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
	case <-t.C:
	}
	return nil
}
