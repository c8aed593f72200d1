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

func (r *runner) run(ctx context.Context) (int, error) {
	ch := make(chan int)
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
	ch := make(chan int) // want "GFL004 the goroutine started at line 49 .* when the function returns at line 55 before receiving from ch"
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
