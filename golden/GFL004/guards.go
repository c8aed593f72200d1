package golden

import (
	"errors"
	"io"
)

func prepare() error            { return nil }
func background() error         { return nil }
func convert(b []byte) []byte   { return b }
func compute() (int, error)     { return 0, nil }
func commit(w io.Writer) error  { return nil }
func validate(name string) bool { return name != "" }

// An error check before the channel is made must not hide the early return after it
// (the import routine that leaves its goroutine blocked on `errCh <-` when a write fails).
func importOne(w io.Writer, data []byte) error {
	if err := prepare(); err != nil {
		return err
	}
	errCh := make(chan error) // want "GFL004 the goroutine started at line 22 blocks forever on `errCh <- background\\(\\)` \\(line 23\\) when the function returns at line 26 before receiving from errCh"
	go func() {
		errCh <- background()
	}()
	if _, err := w.Write(convert(data)); err != nil {
		return err
	}
	return <-errCh
}

// Several guards of the same spelling test different variables.
func importTwo(w io.Writer, data []byte) error {
	if err := prepare(); err != nil {
		return err
	}
	if err := commit(w); err != nil {
		return err
	}
	errCh := make(chan error) // want "GFL004 .* when the function returns at line 45 before receiving from errCh"
	go func() {
		errCh <- background()
	}()
	n, err := compute()
	if err != nil {
		return err
	}
	if _, err := w.Write(data[:n]); err != nil {
		return err
	}
	return <-errCh
}

// A variable declared in a loop holds a new value on every iteration: what it said in
// one iteration says nothing about the next (here the goroutine of the first item is
// still owed a receive when the second item is invalid).
func sizes(items []string) (int, error) {
	ch := make(chan int) // want "GFL004 the goroutines started at line 63 block .* when the function returns at line 66 before receiving from ch"
	n := 0
	for _, item := range items {
		ok := validate(item)
		if ok {
			n++
			go func() { ch <- len(item) }()
		}
		if !ok {
			return 0, errors.New("invalid item")
		}
	}
	total := 0
	for range n {
		total += <-ch
	}
	return total, nil
}

// Look-alike: the same variable tested twice, never changed: the two tests agree.
func sameFlag(w io.Writer, async bool) error {
	if err := prepare(); err != nil {
		return err
	}
	errCh := make(chan error)
	if async {
		go func() { errCh <- background() }()
	}
	if !async {
		return commit(w)
	}
	return <-errCh
}

// Look-alike: an error check before the make, and every path after it receives.
func guardedOnly(w io.Writer, name string) error {
	if !validate(name) {
		return errors.New("bad name")
	}
	if err := prepare(); err != nil {
		return err
	}
	errCh := make(chan error)
	go func() {
		errCh <- background()
	}()
	err := <-errCh
	if err != nil {
		return err
	}
	return commit(w)
}
