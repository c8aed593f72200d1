package golden

import "context"

type call struct {
	done chan error
}

func invoke() error { return nil }

// The channel is also stored where other code can reach it, and that code may
// receive what this function gave up on: not reported.
func start(ctx context.Context, calls map[int]*call, id int) error {
	done := make(chan error)
	calls[id] = &call{done: done}
	go func() { done <- invoke() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Returned to the caller on one path (the caller receives there); abandoned on
// another.  The buffer is only suggested: the caller may rely on the hand-off.
func startAsync(ctx context.Context, wait bool) (<-chan error, error) {
	done := make(chan error) // want "GFL004 the goroutine started at line 29 blocks forever .* when the select at line 33 takes `case <-ctx.Done\\(\\)` and returns at line 37"
	go func() { done <- invoke() }()
	if !wait {
		return done, nil
	}
	select {
	case err := <-done:
		return nil, err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
