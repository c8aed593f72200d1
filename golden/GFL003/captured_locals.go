// gofixleak-options: GFL003.any_owner
package golden

import "sync"

type capEntry struct {
	key   []byte
	value *string
}

// A local slice captured by a closure that outlives the function lives as long as the closure:
// resetting it for reuse keeps the previous batch's entries alive.
func capReplay(apply func(*capEntry)) func(e *capEntry, last bool) {
	var batch []*capEntry
	return func(e *capEntry, last bool) {
		batch = append(batch, e)
		if !last {
			return
		}
		for _, b := range batch {
			apply(b)
		}
		batch = batch[:0] // want "GFL003 the elements of batch dropped by resetting it to length 0"
	}
}

type capWorker struct {
	mu     sync.Mutex
	handle func(*capEntry)
}

// A closure kept in a field, through a local holding it.
func (w *capWorker) install() {
	var pending []*capEntry
	h := func(e *capEntry) {
		pending = append(pending, e)
		if len(pending) > 8 {
			pending = pending[1:] // want "GFL003 pending\\[0\\] keeps its \\*capEntry alive"
		}
	}
	w.handle = h
}

// A closure running as a goroutine.
func capDrain(in <-chan *capEntry, out chan<- int) {
	var stack []*capEntry
	go func() {
		for e := range in {
			stack = append(stack, e)
			if e.value == nil {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1] // want "GFL003 stack\\[len\\(stack\\)-1\\] keeps its \\*capEntry alive"
				out <- len(top.key)
			}
		}
	}()
}

// A batch handed to other code before the reset: the zeroing would be seen there.
func capForward(sink func([]*capEntry)) func(*capEntry) {
	var buf []*capEntry
	return func(e *capEntry) {
		buf = append(buf, e)
		sink(buf)
		buf = buf[:0] // want "GFL003 the elements of buf dropped by resetting it to length 0"
	}
}

type capNode struct {
	edges []*capNode
	index int
}

// A closure only called locally (a Tarjan stack): the slice dies with the function.
func capComponents(nodes []*capNode) int {
	var stack []*capNode
	count := 0
	var visit func(n *capNode)
	visit = func(n *capNode) {
		stack = append(stack, n)
		for _, m := range n.edges {
			if m.index == 0 {
				visit(m)
			}
		}
		stack = stack[:len(stack)-1]
		count++
	}
	for _, n := range nodes {
		visit(n)
	}
	each := func(n *capNode) {
		stack = append(stack, n)
		stack = stack[:0]
	}
	each(nodes[0])
	return count
}

// Deferred and immediately called closures do not outlive the function either.
func capDeferred(in []*capEntry) {
	var seen []*capEntry
	defer func() {
		seen = seen[:0]
	}()
	func() {
		seen = append(seen, in...)
		seen = seen[1:]
	}()
}

// A captured batch reset for reuse and refilled right away by the same function: the slots are
// overwritten, not lost (a scratch buffer), so the first reset is not reported; the second, after
// which the batch waits for the next call, is.
func capGrouped(apply func(*capEntry)) func(e *capEntry, group int) {
	var group []*capEntry
	current := 0
	return func(e *capEntry, g int) {
		if g != current {
			group = group[:0]
			current = g
		}
		group = append(group, e)
		if e.value == nil {
			for _, m := range group {
				apply(m)
			}
			group = group[:0] // want "GFL003 the elements of group dropped by resetting it to length 0"
		}
	}
}
