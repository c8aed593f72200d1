package golden

import (
	ctxpkg "context"
	"sync"
)

type job struct{ id int }

func run(j job) error { return nil }

// A function of the package sends on its parameter.
func runOne(j job, done chan<- error) {
	done <- run(j)
}

func runAll(ctx ctxpkg.Context, jobs []job) error {
	errc := make(chan error) // want "GFL004 the goroutines running runOne started at line 20 block forever on `done <- run\\(j\\)` when the select at line 23 takes `case <-ctx.Done\\(\\)` and returns at line 29"
	for _, j := range jobs {
		go runOne(j, errc)
	}
	for range jobs {
		select {
		case err := <-errc:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// The channel is handed to a literal as an argument.
func runLiteral(ctx ctxpkg.Context, j job) error {
	errc := make(chan error) // want "GFL004 the goroutine started at line 38 blocks forever on `out <- run\\(j\\)` \\(line 39\\) when the select at line 41"
	go func(out chan<- error) {
		out <- run(j)
	}(errc)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// sync.WaitGroup.Go (Go 1.25) starts the function in a goroutine too.
func runGroup(ctx ctxpkg.Context, jobs []job) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	errc := make(chan error) // want "GFL004 the goroutines started at line 55 block forever .* when the loop at line 57 that receives from errc is left early \\(the function returns at line 59\\)"
	for _, j := range jobs {
		wg.Go(func() { errc <- run(j) })
	}
	for range jobs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
