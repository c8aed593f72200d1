// Loops that hold what they defer on purpose (issue 11, FP-9 and FP-10): gofixleak
// must leave them alone, or the program breaks.  Each check prints what the code
// after the loop sees; wrapped() shows what a function-literal rewrite would see.
package main

import (
	"context"
	"fmt"
	"os"
)

type snapshot struct {
	id       int
	released bool
}

type view struct{ id int }

func (v view) Snapshot() (*snapshot, func(), error) {
	s := &snapshot{id: v.id}
	return s, func() { s.released = true }, nil
}

// FP-9: each snapshot is kept as a map key and used after the loop.
func snapshotsSeen(views []view) int {
	seen := map[*snapshot]bool{}
	for _, v := range views {
		s, release, err := v.Snapshot()
		if err != nil {
			return -1
		}
		if seen[s] {
			release()
			continue
		}
		defer release()
		seen[s] = true
	}
	live := 0
	for s := range seen {
		if !s.released {
			live++
		}
	}
	return live
}

// The rewrite a defer-in-loop fix would make of snapshotsSeen.
func snapshotsSeenWrapped(views []view) int {
	seen := map[*snapshot]bool{}
	for _, v := range views {
		func() {
			s, release, _ := v.Snapshot()
			defer release()
			seen[s] = true
		}()
	}
	live := 0
	for s := range seen {
		if !s.released {
			live++
		}
	}
	return live
}

type runner struct{ inFlight chan struct{} }

// FP-10: takes every slot of the semaphore so run executes alone.
func (r *runner) runAlone(ctx context.Context, maxInFlight int, run func() int) int {
	for range maxInFlight {
		select {
		case <-ctx.Done():
			return -1
		case r.inFlight <- struct{}{}:
			defer func() { <-r.inFlight }()
		}
	}
	return run()
}

var running = map[int]bool{}

type container struct{ id int }

func newContainer(id int) *container { running[id] = true; return &container{id} }
func (c *container) ID() int         { return c.id }
func (c *container) Delete()         { delete(running, c.id) }

// Starts n containers and measures them all after the loop.
func density(n int) int {
	var ids []int
	for i := 0; i < n; i++ {
		c := newContainer(i)
		defer c.Delete()
		ids = append(ids, c.ID())
	}
	alive := 0
	for _, id := range ids {
		if running[id] {
			alive++
		}
	}
	return alive
}

func main() {
	n := len(os.Args) + 299 // not a constant: the loops are not bounded for gofixleak
	views := make([]view, n)
	for i := range views {
		views[i] = view{i}
	}
	fmt.Println("snapshots live after the loop:", snapshotsSeen(views) == n)
	fmt.Println("wrapped, snapshots live after the loop:", snapshotsSeenWrapped(views) == n)
	r := &runner{inFlight: make(chan struct{}, n)}
	fmt.Println("slots held while running:", r.runAlone(context.Background(), n, func() int { return len(r.inFlight) }) == n)
	fmt.Println("containers alive when measured:", density(n) == n)
}
