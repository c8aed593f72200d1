// gofixleak-options: GFL003.any_owner
package golden

// FIFO is a generic queue: its elements may be pointers, so popped slots are zeroed.
type FIFO[T any] struct {
	items []T
}

func (q *FIFO[T]) Push(v T) { q.items = append(q.items, v) }

func (q *FIFO[T]) Pop() T {
	v := q.items[0]
	q.items = q.items[1:] // want "GFL003 q.items\\[0\\] keeps its T alive"
	return v
}

// Stack truncates from the back.
type Stack[E any] struct {
	elems []E
}

func (s *Stack[E]) Pop() E {
	v := s.elems[len(s.elems)-1]
	s.elems = s.elems[:len(s.elems)-1] // want "GFL003 s.elems\\[len\\(s.elems\\)-1\\] keeps its E alive"
	return v
}

func (s *Stack[E]) Reset() {
	s.elems = s.elems[:0] // want "GFL003 the elements of s.elems dropped by resetting it to length 0 keep their E values"
}

// Number admits only pointer-free types: nothing to zero.
type Number interface {
	~int | ~int64 | ~float64
}

type Sums[N Number] struct {
	vals []N
}

func (s *Sums[N]) Pop() N {
	v := s.vals[len(s.vals)-1]
	s.vals = s.vals[:len(s.vals)-1]
	return v
}

type Work struct{ id int }

// An instantiated generic container: the element type is *Work.
var jobs FIFO[*Work]

func skipJob() {
	jobs.items = jobs.items[1:] // want "GFL003 jobs.items\\[0\\] keeps its \\*Work alive"
}

// A generic function over any slice type.
func PopFront[S ~[]E, E any](s *S) E {
	v := (*s)[0]
	*s = (*s)[1:] // want "GFL003 \\(\\*s\\)\\[0\\] keeps its E alive"
	return v
}

// Two pops of a type parameter slice in one function: each zero value is its own expression.
type Deque[T any] struct {
	items []T
}

func (d *Deque[T]) trimBoth() (T, T) {
	first := d.items[0]
	d.items = d.items[1:] // want "GFL003 d.items\\[0\\] keeps its T alive"
	last := d.items[len(d.items)-1]
	d.items = d.items[:len(d.items)-1] // want "GFL003 d.items\\[len\\(d.items\\)-1\\] keeps its T alive"
	return first, last
}
