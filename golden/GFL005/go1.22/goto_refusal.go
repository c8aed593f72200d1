package golden

import (
	"context"
	"time"
)

func report() {}

// A goto before the loop jumps to a label after it: a ticker declared in front of the
// loop would be jumped over, which does not compile. Reported without a fix.
func Skip(ctx context.Context, skip bool) {
	if skip {
		goto done
	}
	for range time.Tick(time.Second) { // want "GFL005 time.Tick: its ticker can never be stopped"
		if ctx.Err() != nil {
			break
		}
	}
done:
	report()
}
