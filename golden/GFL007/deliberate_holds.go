package golden

import (
	"context"
	"fmt"
	"log"
	"os"
	"sync"
	"time"
)

type snapshot struct{ id int }

type view struct{ id int }

func (v view) Snapshot() (*snapshot, func(), error) { return &snapshot{v.id}, func() {}, nil }

// snapshotsSeen keeps each snapshot past the loop as a map key (issue 11, FP-9):
// releasing it at the end of the iteration would break the loop after it.
func snapshotsSeen(views []view, use func(*snapshot)) error {
	seen := map[*snapshot]bool{}
	for _, v := range views {
		s, release, err := v.Snapshot()
		if err != nil {
			return err
		}
		if seen[s] {
			release()
			continue
		}
		defer release()
		seen[s] = true
	}
	for s := range seen {
		use(s)
	}
	return nil
}

type runner struct{ inFlight chan struct{} }

// runAlone takes every slot of a channel semaphore so run executes alone (FP-10).
func (r *runner) runAlone(ctx context.Context, maxInFlight int, run func() error) error {
	for range maxInFlight {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case r.inFlight <- struct{}{}:
			defer func() { <-r.inFlight }()
		}
	}
	return run()
}

type lockTable struct{ locks map[string]*sync.Mutex }

func (t *lockTable) Lock(key string) func() {
	l := t.locks[key]
	l.Lock()
	return l.Unlock
}

// lockEach holds the lock of every key until it returns, through the function the
// locking call hands out (FP-10).
func lockEach(t *lockTable, keys []string, visit func(string)) {
	for _, k := range keys {
		unlock := t.Lock(k)
		defer unlock()
		visit(k)
	}
}

type stack struct{ names []string }

func (s *stack) push(n string) { s.names = append(s.names, n) }
func (s *stack) pop()          { s.names = s.names[:len(s.names)-1] }

// scoped pops a scope stack, logs and times on return: nothing the iteration
// acquired is released (FP-11).
func scoped(s *stack, names []string, wg *sync.WaitGroup) (n int, err error) {
	start := time.Now()
	for _, name := range names {
		s.push(name)
		defer s.pop()
		defer func() { log.Printf("left %s after %v", name, time.Since(start)) }()
		defer func() { n++ }()
		wg.Add(1)
		defer wg.Done()
	}
	return len(s.names), nil
}

// fewFiles opens at most three files: a constant trip count holds a constant
// number of them (FP-12).
func fewFiles(dir string) error {
	for range 3 {
		f, err := os.Open(dir)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Println(f.Name())
	}
	for i := 0; i < 5; i++ {
		f, err := os.Open(dir)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Println(i, f.Name())
	}
	for _, name := range []string{"a", "b"} {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Println(f.Name())
	}
	return nil
}

// closedEachTime closes the file itself before the next iteration; the defer only
// covers the early returns.
func closedEachTime(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := f.Stat(); err != nil {
			return err
		}
		f.Close()
	}
	return nil
}

var running = map[int]bool{}

type container struct{ id int }

func newContainer(id int) *container { running[id] = true; return &container{id} }
func (c *container) ID() int         { return c.id }
func (c *container) Delete()         { delete(running, c.id) }

type task struct{ pid int }

func (c *container) NewTask() (*task, error) { return &task{c.id + 1000}, nil }
func (t *task) Pid() int                     { return t.pid }
func (t *task) Delete()                      { delete(running, t.pid) }

// tasks starts a task in each container and measures the tasks: the container
// each task was made from must live as long as the task.
func tasks(n int) int {
	var pids []int
	for i := 0; i < n; i++ {
		c := newContainer(i)
		defer c.Delete()
		t, err := c.NewTask()
		if err != nil {
			return -1
		}
		defer t.Delete()
		running[t.Pid()] = true
		pids = append(pids, t.Pid())
	}
	return len(pids)
}

// fillUp connects until the server refuses, holding every connection it got.
func fillUp(connect func() (*os.File, error)) int {
	n := 0
	for {
		c, err := connect()
		if err != nil {
			break
		}
		defer c.Close()
		n++
	}
	return n
}

// density starts n containers and keeps them all until it has measured them: the
// ids used after the loop name what each deferred Delete destroys.
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
