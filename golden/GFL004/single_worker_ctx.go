package golden

import (
	"context"
	"errors"
)

type page struct {
	url  string
	body []byte
}

func download(url string) page { return page{url: url} }

func fetch(ctx context.Context, url string) (page, error) {
	ch := make(chan page) // want "GFL004 the goroutine started at line 17 blocks forever on `ch <- download\\(url\\)` \\(line 18\\) when the select at line 20 takes `case <-ctx.Done\\(\\)` and returns at line 24"
	go func() {
		ch <- download(url)
	}()
	select {
	case p := <-ch:
		return p, nil
	case <-ctx.Done():
		return page{}, ctx.Err()
	}
}

// The sender reports an error or a result, never both: one send on every path.
func fetchChecked(ctx context.Context, url string) (page, error) {
	type outcome struct {
		p   page
		err error
	}
	done := make(chan outcome) // want "GFL004 the goroutine started at line 35 blocks forever on `done <- ...` \\(line 37\\) when the select at line 42 takes `case <-ctx.Done\\(\\)` and returns"
	go func() {
		if url == "" {
			done <- outcome{err: errors.New("no url")}
			return
		}
		done <- outcome{p: download(url)}
	}()
	select {
	case <-ctx.Done():
		return page{}, ctx.Err()
	case o := <-done:
		return o.p, o.err
	}
}

// The receive is the only way out of the loop; waking up on the heartbeat keeps waiting.
func fetchPatiently(ctx context.Context, url string, beat <-chan struct{}) page {
	ch := make(chan page)
	go func() { ch <- download(url) }()
	for {
		select {
		case p := <-ch:
			return p
		case <-beat:
		}
	}
}

// One goroutine sends on exactly one of two channels: receiving the error means no
// value is coming, so only the ctx.Done() case abandons the sender (on either channel).
func fetchEither(ctx context.Context, url string) (page, error) {
	vals, errs := make(chan page), make(chan error) // want "GFL004 the goroutine started at line 67 blocks forever on `vals <- download\\(url\\)` \\(line 72\\) when the select at line 74 takes `case <-ctx.Done\\(\\)` and returns at line 80" "GFL004 the goroutine started at line 67 blocks forever on `errs <- errors.New\\(\"no url\"\\)` \\(line 69\\) when the select at line 74 takes `case <-ctx.Done\\(\\)` and returns at line 80"
	go func() {
		if url == "" {
			errs <- errors.New("no url")
			return
		}
		vals <- download(url)
	}()
	select {
	case p := <-vals:
		return p, nil
	case err := <-errs:
		return page{}, err
	case <-ctx.Done():
		return page{}, ctx.Err()
	}
}
