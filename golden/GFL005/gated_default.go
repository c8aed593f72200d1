package golden

import (
	"context"
	"time"
)

// Outside a version folder the case is Go 1.27: the version gate keeps the rule quiet.
func Quiet(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	select {
	case <-ctx.Done():
	case <-tick.C:
	}
}
