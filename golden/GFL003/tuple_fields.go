// gofixleak-options: GFL003.any_owner
package golden

type Iterator interface{ Next() bool }

type chain struct {
	curr      Iterator
	iterators []Iterator
}

// A pop written as a tuple assignment to two fields of the same receiver: the
// split keeps the order (the element is read before the slot is zeroed).
func (c *chain) next() bool {
	for len(c.iterators) > 0 {
		c.curr, c.iterators = c.iterators[0], c.iterators[1:] // want "GFL003 c.iterators\\[0\\] keeps its Iterator alive"
		if c.curr.Next() {
			return true
		}
	}
	return false
}

// The second value reads the field the first one writes: splitting would change it.
type ring struct {
	head  int
	items []*chain
}

func (r *ring) rotate() {
	r.head, r.items = r.head+1, r.items[r.head+1:] // want "GFL003 the dropped elements r.items\\[:r.head\\+1\\] keep"
}
