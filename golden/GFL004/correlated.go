package golden

import "context"

type config struct {
	async bool
}

type runner struct {
	cfg *config
}

func compute() int { return 1 }

// Started and received under the same condition: never abandoned.
func maybeAsync(async bool) int {
	ch := make(chan int)
	if async {
		go func() { ch <- compute() }()
	}
	n := compute()
	if async {
		n += <-ch
	}
	return n
}

func (r *runner) run() int {
	ch := make(chan int)
	if r.cfg.async {
		go func() { ch <- compute() }()
	}
	if !r.cfg.async {
		return compute()
	}
	return <-ch
}

// Once it is started, though, the select can still give up on it.
func (r *runner) runCtx(ctx context.Context) (int, error) {
	ch := make(chan int) // want "GFL004 the goroutine started at line 43 .* when the select at line 48 takes `case <-ctx.Done\\(\\)`"
	if r.cfg.async {
		go func() { ch <- compute() }()
	}
	if !r.cfg.async {
		return compute(), nil
	}
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The flag changes in between: the two conditions may disagree.
func changed(async bool) int {
	ch := make(chan int) // want "GFL004 the goroutine started at line 60 .* when the function returns at line 66 before receiving from ch"
	if async {
		go func() { ch <- compute() }()
	}
	if compute() > 1 {
		async = false
	}
	if !async {
		return compute()
	}
	return <-ch
}
