package golden

import (
	"context"
	"log"
	"sync"
)

type req struct{ id int }

func serve(r req) error { return nil }

// The sender only marks the WaitGroup done after its send, and the goroutine that
// waits for it only closes the channel: a buffer changes nothing anyone can see.
func serveAll(reqs []req) error {
	var wg sync.WaitGroup
	errc := make(chan error) // want "GFL004 the goroutines started at line 20 block forever on `errc <- serve\\(r\\)` \\(line 22\\) when the loop at line 29 that receives from errc is left early \\(the function returns at line 31\\)"
	for _, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errc <- serve(r)
		}()
	}
	go func() {
		wg.Wait()
		close(errc)
	}()
	for err := range errc {
		if err != nil {
			return err
		}
	}
	return nil
}

// A lock released after the send, and a plain return: safe too.
func serveLocked(ctx context.Context, mu *sync.Mutex, r req) error {
	errc := make(chan error) // want "GFL004 the goroutine started at line 40 .* when the select at line 49 takes `case <-ctx.Done\\(\\)`"
	go func() {
		mu.Lock()
		defer mu.Unlock()
		if r.id < 0 {
			errc <- nil
			return
		}
		errc <- serve(r)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The sender cancels the context the receiver also waits on: unbuffered, the
// cancel comes after the value was taken; buffered, the select could see both
// ready and drop the value.  Only an unsafe fix.
func serveCancel(parent context.Context, r req) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	errc := make(chan error) // want "GFL004 the goroutine started at line 64 .* when the select at line 68 takes `case <-ctx.Done\\(\\)`"
	go func() {
		defer cancel()
		errc <- serve(r)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Work after the send used to wait for the receiver: only an unsafe fix.
func serveLogged(ctx context.Context, r req) error {
	errc := make(chan error) // want "GFL004 the goroutine started at line 79 .* when the select at line 83 takes `case <-ctx.Done\\(\\)`"
	go func() {
		errc <- serve(r)
		log.Printf("request %d served", r.id)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The same in a function of the package.
func serveNamed(ctx context.Context, r req) error {
	errc := make(chan error) // want "GFL004 the goroutine running serveAndLog started at line 94 .* when the select at line 95"
	go serveAndLog(r, errc)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func serveAndLog(r req, out chan<- error) {
	out <- serve(r)
	log.Printf("request %d served", r.id)
}

// `done` is closed once every sender is done; it only comes after the last value
// was taken while the channel is unbuffered.  With a buffer the select could take
// `done` while values wait: only an unsafe fix for the ctx.Done() case.
func serveUntilDone(ctx context.Context, reqs []req) ([]error, error) {
	var wg sync.WaitGroup
	errc := make(chan error) // want "GFL004 the goroutines started at line 117 block forever .* when the select at line 128 takes `case <-ctx.Done\\(\\)`"
	done := make(chan struct{})
	for _, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errc <- serve(r)
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	var errs []error
	for {
		select {
		case err := <-errc:
			errs = append(errs, err)
		case <-done:
			return errs, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
