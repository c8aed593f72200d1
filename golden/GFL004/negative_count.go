// gofixleak-options: --unsafe-fixes
package golden

import "context"

func attempt(i int) error { return nil }

// A count the caller passes may be negative: the loop then runs no time, but
// make(chan error, n) would panic.  The fix is unsafe (applied here with --unsafe-fixes).
func retry(ctx context.Context, n int) error {
	errc := make(chan error) // want "GFL004 the goroutines started at line 13 block forever .* takes `case <-ctx.Done\\(\\)` and returns at line 20"
	for i := range n {
		go func() { errc <- attempt(i) }()
	}
	for range n {
		select {
		case err := <-errc:
			_ = err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// A length, or a variable only ever set to one, is never negative: safe.
func retryEach(ctx context.Context, items []int) error {
	n := len(items)
	errc := make(chan error) // want "GFL004 the goroutines started at line 31 block forever .* takes `case <-ctx.Done\\(\\)` and returns at line 38"
	for i := 0; i < n; i++ {
		go func() { errc <- attempt(items[i]) }()
	}
	for range n {
		select {
		case err := <-errc:
			_ = err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func retryUnsigned(ctx context.Context, n uint) error {
	errc := make(chan error) // want "GFL004 the goroutines started at line 47 block forever .* takes `case <-ctx.Done\\(\\)` and returns at line 54"
	for i := uint(0); i < n; i++ {
		go func() { errc <- attempt(int(i)) }()
	}
	for range n {
		select {
		case err := <-errc:
			_ = err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}
