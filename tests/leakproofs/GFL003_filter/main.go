// Leak proof for GFL003's in-place filter shape: a scheduler filters its
// downloaders in place (dst := s.downloaders[:0]; ...; s.downloaders = dst).
// 64 downloaders of 256 KiB each go in, 63 are closed and filtered out; the
// dropped ones stay in the backing array past len(dst).  The program prints
// the heap that stays allocated while the scheduler keeps the last one.  The
// test runs it before and after applying gofixleak's own fix.
package main

import (
	"fmt"
	"runtime"
)

type Downloader struct {
	ID     int
	Closed bool
	Buffer []byte
}

type Scheduler struct {
	downloaders []*Downloader
}

func (s *Scheduler) prune() {
	dst := s.downloaders[:0]
	for _, d := range s.downloaders {
		if !d.Closed {
			dst = append(dst, d)
		}
	}
	s.downloaders = dst
}

//go:noinline
func work(s *Scheduler) int {
	for i := 0; i < 64; i++ {
		s.downloaders = append(s.downloaders, &Downloader{ID: i, Buffer: make([]byte, 256<<10)})
	}
	for _, d := range s.downloaders[1:] {
		d.Closed = true
	}
	s.prune()
	return len(s.downloaders)
}

func main() {
	var before, after runtime.MemStats
	s := &Scheduler{}
	runtime.GC()
	runtime.ReadMemStats(&before)
	if work(s) != 1 {
		panic("wrong downloaders kept")
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(s)
	fmt.Println("retained", after.HeapAlloc-before.HeapAlloc)
}
