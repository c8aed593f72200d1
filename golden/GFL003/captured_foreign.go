// gofixleak-options: GFL003.any_owner
package golden

type cfEntry struct{ v *int }

// The captured batch starts as the caller's slice: clearing it would clear the caller's elements.
func cfResetter(init []*cfEntry) func() int {
	batch := init
	return func() int {
		n := len(batch)
		batch = batch[:0] // want "GFL003 the elements of batch dropped by resetting it to length 0"
		return n
	}
}

// Assigned a slice from a call later on: not known to be the closure's own.
func cfLoader(load func() []*cfEntry) func() {
	var batch []*cfEntry
	return func() {
		if batch == nil {
			batch = load()
		}
		batch = batch[1:] // want "GFL003 batch\\[0\\] keeps its \\*cfEntry alive"
	}
}

// Made for the closure: the safe fix stays.
func cfOwned(n int) func(*cfEntry) {
	batch := make([]*cfEntry, 0, n)
	return func(e *cfEntry) {
		batch = append(batch, e)
		if len(batch) == n {
			batch = batch[:0] // want "GFL003 the elements of batch dropped by resetting it to length 0"
		}
	}
}
