// gofixleak-options: GFL002.any_size
package golden

// Other names for the array a stored view shows: a copy would stop seeing their writes, so every
// fix here is unsafe and none is applied by default.
type packet struct {
	hdr  []byte
	body []byte
}

// A view taken before the store writes into the stored elements afterwards.
func (p *packet) viaTail() {
	buf := make([]byte, 4096)
	tail := buf[8:]
	p.hdr = buf[4:16] // want "GFL002 field p.hdr of the receiver keeps the subslice buf\\[4:16\\]"
	tail[0] = 1
}

// So does a pointer to one element.
func (p *packet) viaPointer() {
	buf := make([]byte, 4096)
	q := &buf[5]
	p.hdr = buf[4:16] // want "GFL002 field p.hdr of the receiver keeps the subslice buf\\[4:16\\]"
	*q = 9
}

// Two overlapping views stored: a write through one shows in the other.
func (p *packet) viaSibling() {
	buf := make([]byte, 4096)
	p.hdr = buf[4:16]  // want "GFL002 field p.hdr of the receiver keeps the subslice buf\\[4:16\\]"
	p.body = buf[8:20] // want "GFL002 field p.body of the receiver keeps the subslice buf\\[8:20\\]"
	p.body[0] = 1
}

// Views that are only read stay safe to copy.
type frameView struct {
	head []byte
	tail []byte
}

func (f *frameView) split() {
	buf := make([]byte, 4096)
	buf[0] = 1
	f.head = buf[2:10]  // want "GFL002 field f.head of the receiver keeps the subslice buf\\[2:10\\]"
	f.tail = buf[10:20] // want "GFL002 field f.tail of the receiver keeps the subslice buf\\[10:20\\]"
}
