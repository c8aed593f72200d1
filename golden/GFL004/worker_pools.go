package golden

import (
	"context"
	"errors"
	"sync"
)

type item struct{ name string }

func handle(it item) error {
	if it.name == "" {
		return errors.New("no name")
	}
	return nil
}

// wg.Wait() before anything receives: a worker that fails blocks on its send, so it never
// marks the group done, and Wait never returns either.
func processAll(items []item) error {
	errCh := make(chan error) // want "GFL004 the goroutines started at line 25 block forever on `errCh <- err` \\(line 28\\) while `wg.Wait\\(\\)` at line 32 waits for them with nothing receiving from errCh: the function deadlocks too"
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := handle(it); err != nil {
				errCh <- err
			}
		}()
	}
	wg.Wait()
	close(errCh)
	for err := range errCh {
		return err
	}
	return nil
}

// The same with wg.Go (Go 1.25), and a select that only looks whether an error came.
func processGo(items []item) error {
	errCh := make(chan error) // want "GFL004 .* while `wg.Wait\\(\\)` at line 51 waits for them"
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() {
			if err := handle(it); err != nil {
				errCh <- err
			}
		})
	}
	wg.Wait()
	select {
	case err := <-errCh:
		return err
	default:
		return nil
	}
}

// A goroutine waits and closes; the receiver returns on the first error and leaves the
// later workers blocked.
func firstError(items []item) error {
	errCh := make(chan error) // want "GFL004 the goroutines started at line 67 block forever on `errCh <- handle\\(it\\)` \\(line 69\\) when the loop at line 76 that receives from errCh is left early"
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errCh <- handle(it)
		}()
	}
	go func() {
		wg.Wait()
		close(errCh)
	}()
	for err := range errCh {
		if err != nil {
			return err
		}
	}
	return nil
}

// A fixed pool of workers, each giving up after its first error: one slot per worker
// (unsafe: make panics on a negative count where the loop just runs no time).
func pool(ctx context.Context, jobs <-chan item, workers int) error {
	errCh := make(chan error) // want "GFL004 the goroutines running worker started at line 91 block forever on `errs <- err` while `wg.Wait\\(\\)` at line 93 waits"
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go worker(jobs, errCh, &wg)
	}
	wg.Wait()
	close(errCh)
	return <-errCh
}

func worker(jobs <-chan item, errs chan<- error, wg *sync.WaitGroup) {
	defer wg.Done()
	for job := range jobs {
		if err := handle(job); err != nil {
			errs <- err
			return
		}
	}
}

// Workers that report every failure: no buffer is known to be big enough.
func reportAll(items [][]item) []error {
	errCh := make(chan error) // want "GFL004 .* while `wg.Wait\\(\\)` at line 123 waits .*; give errCh a buffer for every send, or let the senders give up"
	var wg sync.WaitGroup
	for _, batch := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, it := range batch {
				if err := handle(it); err != nil {
					errCh <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errCh)
	var errs []error
	for err := range errCh {
		errs = append(errs, err)
	}
	return errs
}

// Look-alike: the buffer already holds one error per worker.
func buffered(items []item) error {
	errCh := make(chan error, len(items))
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := handle(it); err != nil {
				errCh <- err
			}
		}()
	}
	wg.Wait()
	close(errCh)
	return <-errCh
}

// Look-alike: drained to the end by a range that a waiting goroutine closes.
func collect(items []item) []error {
	errCh := make(chan error)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := handle(it); err != nil {
				errCh <- err
			}
		}()
	}
	go func() {
		wg.Wait()
		close(errCh)
	}()
	var errs []error
	for err := range errCh {
		errs = append(errs, err)
	}
	return errs
}

// Look-alike: the group waited for is not the one the senders mark done.
func otherGroup(items []item, setup *sync.WaitGroup) error {
	errCh := make(chan error)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errCh <- handle(it)
		}()
	}
	setup.Wait()
	for range items {
		if err := <-errCh; err != nil {
			go func() {
				for range errCh {
				}
			}()
			return err
		}
	}
	return nil
}

// Look-alike: workers give up on their send when the caller is gone.
func cancellable(ctx context.Context, items []item) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errCh := make(chan error)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() {
			if err := handle(it); err != nil {
				select {
				case errCh <- err:
				case <-ctx.Done():
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(errCh)
	}()
	for err := range errCh {
		return err
	}
	return nil
}

// Look-alike: a literal buffer bigger than the rule counts (here one slot per worker) is
// taken as sized on purpose, like a named size.
func sized(items [10]item) error {
	errs := make(chan error, 10)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := handle(items[i]); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return <-errs
	}
	return nil
}

// Look-alike: a producer that cannot send more than its large buffer holds.
func produce(ctx context.Context, names []string) error {
	errCh := make(chan error, 100_000)
	go func() {
		for i := 1; i < 100_000 && i < len(names); i++ {
			if err := handle(item{names[i]}); err != nil {
				errCh <- err
			}
		}
	}()
	select {
	case err := <-errCh:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The goroutines call a worker with the channel: its sends count as theirs.  After the
// first error the others still send, and wg.Wait() waits for them (loki's migrate tool).
func migrate(ctx context.Context, jobs <-chan item, parallel int) error {
	errCh := make(chan error) // want "GFL004 the goroutines started at line 272 block forever on `errs <- err` \\(line 294\\) while `wg.Wait\\(\\)` at line 283 waits for them with nothing receiving from errCh"
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			move(ctx, jobs, errCh)
		}()
	}
	var first error
	select {
	case <-ctx.Done():
	case first = <-errCh:
		cancel()
	}
	wg.Wait()
	return first
}

func move(ctx context.Context, jobs <-chan item, errs chan<- error) {
	for {
		select {
		case <-ctx.Done():
			return
		case job := <-jobs:
			if err := handle(job); err != nil {
				errs <- err
				return
			}
		}
	}
}

// Look-alike: the worker gives up its send when the context is done.
func migratePolitely(ctx context.Context, jobs <-chan item, parallel int) error {
	errCh := make(chan error)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			movePolitely(ctx, jobs, errCh)
		}()
	}
	var first error
	select {
	case <-ctx.Done():
	case first = <-errCh:
		cancel()
	}
	wg.Wait()
	return first
}

func movePolitely(ctx context.Context, jobs <-chan item, errs chan<- error) {
	for job := range jobs {
		if err := handle(job); err != nil {
			select {
			case errs <- err:
			case <-ctx.Done():
			}
			return
		}
	}
}
