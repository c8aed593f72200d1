// gofixleak-options: GFL003.any_owner
package golden

type Sample struct{ labels map[string]string }

// The ring replaces its array by a smaller copy it makes itself: the array stays its own.
type ring struct {
	items []*Sample
}

func (r *ring) shrink() {
	if len(r.items)*4 < cap(r.items) {
		smaller := make([]*Sample, len(r.items))
		copy(smaller, r.items)
		r.items = smaller
	}
}

func (r *ring) pop() *Sample {
	s := r.items[0]
	r.items = r.items[1:] // want "GFL003 r.items\\[0\\] keeps its \\*Sample alive"
	return s
}

// The compacted copy is kept in a second field too: zeroing through one shows through the other.
type journal struct {
	entries  []*Sample
	snapshot []*Sample
}

func (j *journal) compact() {
	fresh := make([]*Sample, len(j.entries))
	copy(fresh, j.entries)
	j.snapshot = fresh
	j.entries = fresh
}

func (j *journal) pop() {
	j.entries = j.entries[1:] // want "GFL003 j.entries\\[0\\] keeps its \\*Sample alive"
}
