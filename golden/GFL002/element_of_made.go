// gofixleak-options: GFL002.any_size
package golden

import "encoding/asn1"

// The slice sliced is an element (or a field) of a container made here: the
// container is this function's, but the array the element holds may be the
// caller's, who can still write to it.  The copy is only an unsafe fix.
type elementKeeper struct {
	head []byte
	tail []byte
	raw  []byte
}

func (k *elementKeeper) known(foreign []byte, n int) {
	bufs := make([][]byte, 2)
	bufs[0] = foreign
	k.head = bufs[0][:n] // want "GFL002 field k.head of the receiver keeps the subslice bufs\\[0\\]\\[:n\\]"
}

func (k *elementKeeper) inferred(foreign asn1.RawContent, n int) {
	bufs := map[string]asn1.RawContent{"a": foreign}
	k.tail = bufs["a"][:n] // want "GFL002 field k.tail of the receiver keeps the subslice bufs\\[\"a\"\\]\\[:n\\]"
}

// An array value inside a local made here is this function's own: safe.
type record struct{ id [2048]byte }

func (k *elementKeeper) ownArray(n int) {
	recs := make([]record, 1)
	k.raw = recs[0].id[8:n] // want "GFL002 field k.raw of the receiver keeps the subslice recs\\[0\\].id\\[8:n\\]"
}
