// gofixleak-options: GFL003.any_owner
package golden

type Input struct{ name string }

// A view taken from a copy of the head set before the pop is read after it
// (loki's batched loader): zeroing the popped run would destroy the batch.
type loader struct {
	work [][]*Input
	size int
}

func (b *loader) next(fetch func([]*Input)) {
	next := b.work[0]
	n := min(b.size, len(next))
	toFetch := next[:n]
	b.work[0] = b.work[0][n:] // want "GFL003 the dropped elements b.work\\[0\\]\\[:n\\] keep .* \\(toFetch, a copy of next\\[:n\\], is read after it: zero them after their last use\\)"
	fetch(toFetch)
}
