package golden

import (
	"context"
	"errors"
	"sync"
	"time"
)

func dial() error { return errors.New("refused") }

var (
	connectOnce sync.Once
	connectErr  error
)

// Run once per process behind a sync.Once: at most one goroutine is left behind, for good.
func connectShared(ctx context.Context) error {
	connectOnce.Do(func() {
		result := make(chan error)
		go func() { result <- dial() }()
		select {
		case connectErr = <-result:
		case <-ctx.Done():
			connectErr = ctx.Err()
		}
	})
	return connectErr
}

// Called only from init: runs once.
func probe() bool {
	ok := make(chan bool)
	go func() { ok <- dial() == nil }()
	select {
	case v := <-ok:
		return v
	case <-time.After(time.Second):
		return false
	}
}

var reachable bool

func init() {
	reachable = probe()
}

// Still reported: called on every request.
func probeEach(ctx context.Context) error {
	result := make(chan error) // want "GFL004 the goroutine started at line 52 blocks forever on `result <- dial\\(\\)` \\(line 52\\) when the select at line 53 takes `case <-ctx.Done\\(\\)` and returns at line 57"
	go func() { result <- dial() }()
	select {
	case err := <-result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func handleAll(ctx context.Context, n int) {
	for range n {
		_ = probeEach(ctx)
	}
}
