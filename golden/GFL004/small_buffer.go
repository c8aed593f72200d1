package golden

import "errors"

func step(n int) error {
	if n < 0 {
		return errors.New("negative")
	}
	return nil
}

// A buffer of one holds one abandoned error, not two.
func three() error {
	errc := make(chan error, 1) // want "GFL004 the goroutine started at line 15 blocks forever .* when the function returns at line 19 before receiving from errc"
	go func() { errc <- step(1) }()
	go func() { errc <- step(2) }()
	go func() { errc <- step(3) }()
	if err := step(0); err != nil {
		return err
	}
	for range 3 {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Big enough already: every goroutine can leave its error in the buffer.
func enough(xs []int) error {
	errc := make(chan error, len(xs))
	for _, x := range xs {
		go func() { errc <- step(x) }()
	}
	for range xs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

const workers = 2

func constant() error {
	errc := make(chan error, workers)
	go func() { errc <- step(1) }()
	go func() { errc <- step(2) }()
	return <-errc
}
