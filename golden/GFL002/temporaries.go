// gofixleak-options: GFL002.any_size
package golden

type Ring struct {
	data []byte
	last []byte
	any  any
	keys Keys
}

type Keys []string

func (r *Ring) next() int { return len(r.data) / 2 }

// A bound with side effects is evaluated once, into a temporary.
func (r *Ring) snapshot(src []byte) {
	buf := make([]byte, len(src))
	copy(buf, src)
	r.last = buf[r.next():] // want "GFL002 field r.last of the receiver keeps the subslice buf\\[r.next\\(\\):\\]"
}

// Assigning the destination first could change what the source reads (other may be r):
// the subslice goes into a temporary first.  r's array is shared, so the fix is unsafe.
func (r *Ring) share(other *Ring) {
	other.data = r.data[1:9] // want "GFL002 field other.data \\(reached through a pointer\\) keeps the subslice r.data\\[1:9\\]"
}

// An interface destination cannot be copied into: the copy is made first, with the
// subslice's own named type.
func (r *Ring) boxed(all []string) {
	keys := make(Keys, len(all))
	copy(keys, all)
	r.any = keys[:2] // want "GFL002 field r.any of the receiver keeps the subslice keys\\[:2\\]"
}

// A named slice type keeps its name in make.
func (r *Ring) named(all []string) {
	keys := make(Keys, len(all))
	copy(keys, all)
	r.keys = keys[2:4] // want "GFL002 field r.keys of the receiver keeps the subslice keys\\[2:4\\]"
}
