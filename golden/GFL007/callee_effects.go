// gofixleak-options: GFL007.any_loop
package golden

import (
	"fmt"
	"os/exec"
	"sync"
)

var open int
var registry = map[int]*entry{}
var pending sync.WaitGroup

type counted struct{ id int }

func newCounted(id int) *counted { open++; return &counted{id} }

// Close changes a package-level counter that the code after the loop reads.
func (c *counted) Close() error {
	open--
	return nil
}

type noisy struct{ id int }

func newNoisy(id int) *noisy { return &noisy{id} }

// Close prints: at the end of each iteration the output would move.
func (n *noisy) Close() error {
	fmt.Println("close", n.id)
	return nil
}

type entry struct{ id int }

func newEntry(id int) *entry { e := &entry{id}; registry[id] = e; return e }

// Release goes through a helper that deletes from a package-level map.
func (e *entry) Release() { forget(e.id) }

func forget(id int) { delete(registry, id) }

type job struct{ id int }

func newJob(id int) *job { pending.Add(1); return &job{id} }

// Finish signals a package-level wait group.
func (j *job) Finish() { pending.Done() }

type plain struct{ closed bool }

func newPlain() *plain { return &plain{} }

// Close only changes the object itself.
func (p *plain) Close() error {
	p.closed = true
	return nil
}

// The releases below are the package's own methods: what they do beyond the
// object (a package-level variable written, output, a wait group signalled)
// would happen at the end of each iteration, so the fixes are unsafe and this
// file (without --unsafe-fixes) has none of them.
func counters(n int) int {
	for i := 0; i < n; i++ {
		c := newCounted(i)
		defer c.Close() // want "defer c.Close\(\) in a loop runs only when counters returns"
		_ = c.id
	}
	return open
}

func printers(n int) {
	for i := 0; i < n; i++ {
		n := newNoisy(i)
		defer n.Close() // want "defer n.Close\(\) in a loop runs only when printers returns"
		_ = n.id
	}
	fmt.Println("done")
}

func entries(n int) int {
	for i := 0; i < n; i++ {
		e := newEntry(i)
		defer e.Release() // want "defer e.Release\(\) in a loop runs only when entries returns"
		_ = e.id
	}
	return len(registry)
}

func jobs(n int) {
	for i := 0; i < n; i++ {
		j := newJob(i)
		defer j.Finish() // want "defer j.Finish\(\) in a loop runs only when jobs returns"
		_ = j.id
	}
	pending.Wait()
}

// plains: Close changes only its own object, the fix stays safe.
func plains(n int) {
	for i := 0; i < n; i++ {
		p := newPlain()
		defer p.Close() // want "defer p.Close\(\) in a loop runs only when plains returns"
		_ = p.closed
	}
}

// startAll: deferred, Wait lets every process run at once until the function
// returns; at the end of each iteration they would run one after another (unsafe).
func startAll(names []string) {
	for _, name := range names {
		cmd := exec.Command(name)
		if err := cmd.Start(); err != nil {
			return
		}
		defer cmd.Wait() // want "defer cmd.Wait\(\) in a loop runs only when startAll returns"
	}
	fmt.Println("all started")
}
