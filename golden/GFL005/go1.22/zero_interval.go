package golden

import (
	"context"
	"time"
)

// time.Tick with an interval that is not positive returns nil and starts no ticker:
// nothing leaks, nothing is reported (receiving blocks forever, as the code says).

func Never() {
	<-time.Tick(0)
}

func NeverRange(ctx context.Context) {
	for range time.Tick(-time.Second) {
		if ctx.Err() != nil {
			return
		}
	}
}
