package golden

import (
	"context"
	"iter"
)

type item struct{ name string }

func handle(it item) error { return nil }

// The producer sends once per item in its own loop: no single buffer size is
// known to be enough for what it has left, so there is no automatic fix.
func search(items []item, name string) (item, bool) {
	ch := make(chan item) // want "GFL004 the goroutine started at line 16 blocks forever on `ch <- it` \\(line 19\\) when the loop at line 22 that receives from ch is left early \\(the function returns at line 24\\); give ch a buffer for every send, or let the senders give up"
	go func() {
		defer close(ch)
		for _, it := range items {
			ch <- it
		}
	}()
	for it := range ch {
		if it.name == name {
			return it, true
		}
	}
	return item{}, false
}

// One goroutine per element of an iterator: the count is not known up front.
func each(ctx context.Context, seq iter.Seq[item]) error {
	errc := make(chan error) // want "GFL004 the goroutines started at line 35 block forever .*; give errc a buffer for every send"
	n := 0
	for it := range seq {
		go func() { errc <- handle(it) }()
		n++
	}
	for range n {
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

type batch struct{ items []item }

// The count lives in a field that another goroutine may change: not spelled at the make.
func (b *batch) process() error {
	errc := make(chan error) // want "GFL004 the goroutines started at line 57 block forever .*; give errc a buffer for every send"
	for _, it := range b.items {
		go func() { errc <- handle(it) }()
	}
	for range b.items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Nested loops multiply the goroutines.
func grid(rows [][]item) error {
	errc := make(chan error) // want "GFL004 the goroutines started at line 72 block forever .*; give errc a buffer for every send"
	for _, row := range rows {
		for _, it := range row {
			go func() { errc <- handle(it) }()
		}
	}
	for _, row := range rows {
		for range row {
			if err := <-errc; err != nil {
				return err
			}
		}
	}
	return nil
}

// The slice grows between the make and the loop: len(items) at the make is too small.
func grown(items []item, extra item) error {
	errc := make(chan error) // want "GFL004 the goroutines started at line 90 block forever .*; give errc a buffer for every send"
	items = append(items, extra)
	for _, it := range items {
		go func() { errc <- handle(it) }()
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
