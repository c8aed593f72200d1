package golden

import (
	"errors"
	"os"
)

func parse(b []byte) (int, error) { return len(b), nil }

// Go 101: the receiver returns on the first error and leaves the other sender blocked.
func loadBoth(a, b string) (int, error) {
	sizes := make(chan int) // want "GFL004 the goroutine started at line 13 blocks forever on `sizes <- len\\(a\\)` \\(line 13\\) when the function returns at line 17 before receiving from sizes"
	go func() { sizes <- len(a) }()
	go func() { sizes <- len(b) }()
	data, err := os.ReadFile(a)
	if err != nil {
		return 0, err
	}
	n, err := parse(data)
	if err != nil {
		return 0, errors.Join(err, errors.New("parse"))
	}
	return n + <-sizes + <-sizes, nil
}

// Two results, and an early return after the first one.
func firstTwo(a, b string) (int, error) {
	errs := make(chan error) // want "GFL004 .* when the function receives fewer values than are sent and returns at line 32"
	go func() { errs <- check(a) }()
	go func() { errs <- check(b) }()
	if err := <-errs; err != nil {
		return 0, err
	}
	if err := <-errs; err != nil {
		return 0, err
	}
	return 2, nil
}

func check(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	return nil
}
