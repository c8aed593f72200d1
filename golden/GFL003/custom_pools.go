// gofixleak-options: GFL003.any_owner
package golden

type Node struct{ name string }

// Labels hold strings: a struct element holds pointers.
type Label struct{ Name, Value string }

// A generic free list whose Put keeps the buffer for reuse.
type freeList[T any] struct{ free [][]T }

func (f *freeList[T]) Put(b []T) { f.free = append(f.free, b) }

func (f *freeList[T]) Get() []T {
	if len(f.free) == 0 {
		return nil
	}
	b := f.free[len(f.free)-1]
	f.free[len(f.free)-1] = nil
	f.free = f.free[:len(f.free)-1]
	return b
}

var nodeBufs freeList[*Node]

func visit(f func([]*Node) []*Node) {
	buf := nodeBufs.Get()
	buf = f(buf)
	nodeBufs.Put(buf[:0]) // want "GFL003 the elements of buf dropped by resetting it to length 0 keep their \\*Node values alive while the pool holds the buffer"
}

// The same, with a buffer nothing else keeps: the fix is safe.
func names(nodes map[string]*Node) int {
	buf := nodeBufs.Get()
	for _, n := range nodes {
		buf = append(buf, n)
	}
	total := 0
	for _, n := range buf {
		total += len(n.name)
	}
	nodeBufs.Put(buf[:0]) // want "GFL003 the elements of buf dropped by resetting it to length 0 keep their \\*Node values alive while the pool holds the buffer"
	return total
}

// A Release method that hands the buffer to a channel of spare buffers.
type labelPool struct{ spare chan []Label }

func (p *labelPool) Release(b []Label) {
	select {
	case p.spare <- b:
	default:
	}
}

func (p *labelPool) parse(line string) int {
	var labels []Label
	labels = append(labels, Label{Name: "line", Value: line})
	n := len(labels[0].Value)
	labels = labels[:0] // want "GFL003 the elements of labels dropped by resetting it to length 0 keep their Label values alive while the pool holds the buffer"
	p.Release(labels)
	return n
}

// Look-alikes: a Put that only counts, and a pool of pointer-free elements.
type counter struct{ n int }

func (c *counter) Put(b []*Node) { c.n += len(b) }

type intPool struct{ free [][]int }

func (p *intPool) Put(b []int) { p.free = append(p.free, b) }

func lookAlikes(c *counter, p *intPool, nodes []*Node, ints []int) {
	c.Put(nodes[:0])
	p.Put(ints[:0])
}
