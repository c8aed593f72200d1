package golden

import (
	"fmt"
	"os"
	"sync"
)

// literal: the defer already sits in a function literal called per iteration.
func literal(paths []string) error {
	for _, p := range paths {
		if err := func() error {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			return f.Sync()
		}(); err != nil {
			return err
		}
	}
	return nil
}

// outside: no loop around the defer.
func outside(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	for i := 0; i < 3; i++ {
		fmt.Println(i)
	}
	return nil
}

// found: every path after the defer returns, so it runs at most once.
func found(paths []string, want string) (*os.File, error) {
	for _, p := range paths {
		if p != want {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		defer fmt.Println("closing", p)
		return f, nil
	}
	return nil, nil
}

// dialOnce: the defer is followed by a break out of the only loop.
func dialOnce(paths []string) {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		defer f.Close()
		fmt.Println(f.Name())
		break
	}
	fmt.Println("done")
}

// lastReader: the defer sits in a branch that always returns.
func lastReader(mu *sync.Mutex, states []int) {
	for {
		if len(states) == 0 {
			mu.Lock()
			defer mu.Unlock()
			fmt.Println("empty")
			return
		}
		states = states[1:]
	}
}

// goroutines: each goroutine's defer runs when that goroutine's function returns.
func goroutines(paths []string) {
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(p)
		}()
	}
	wg.Wait()
}

// panics: a deferred call followed by a panic runs once.
func panics(paths []string) {
	for _, p := range paths {
		if p == "" {
			defer fmt.Println("bad path")
			panic("empty path")
		}
	}
}

// closeAll only schedules the cleanup of files opened before the loop.
func closeAll(files []*os.File) {
	for _, f := range files {
		defer f.Close()
	}
}
