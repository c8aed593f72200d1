package golden

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Stats is built once at server start and kept in a package-level variable: its tickers drive
// its background loops for the life of the process, so none is ever lost.
type Stats struct {
	avg    *time.Ticker
	queue  *time.Ticker
	recent *windowStats
}

type windowStats struct {
	tick *time.Ticker
}

var globalStats atomic.Pointer[Stats]

func NewStats(ctx context.Context) *Stats {
	s := &Stats{
		avg:    time.NewTicker(2 * time.Second),
		queue:  time.NewTicker(2 * time.Second),
		recent: newWindowStats(),
	}
	go s.collect(ctx)
	return s
}

// Called only by NewStats, which runs once: once too.
func newWindowStats() *windowStats {
	return &windowStats{tick: time.NewTicker(time.Second)}
}

func (s *Stats) collect(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.avg.C:
		case <-s.queue.C:
		case <-s.recent.tick.C:
		}
	}
}

func initStats(ctx context.Context) {
	stats := NewStats(ctx)
	globalStats.Store(stats)
}

// Assigned straight to a package-level variable.
type Monitor struct {
	every *time.Ticker
}

var globalMonitor *Monitor

func newMonitor() *Monitor {
	return &Monitor{every: time.NewTicker(time.Second)}
}

func startServer(ctx context.Context) {
	globalMonitor = newMonitor()
	initStats(ctx)
}

// Behind a sync.Once.
var (
	pollerOnce sync.Once
	poller     *Monitor
)

func sharedPoller() *Monitor {
	pollerOnce.Do(func() {
		poller = &Monitor{every: time.NewTicker(time.Minute)}
	})
	return poller
}

// A watcher started once from init: its goroutine's ticker lives as long as the process.
func init() {
	watch(context.Background())
}

func watch(ctx context.Context) {
	t := time.NewTicker(time.Second)
	go func() {
		for {
			select {
			case <-t.C:
			case <-ctx.Done():
				return
			}
		}
	}()
}
