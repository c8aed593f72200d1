// gofixleak-options: GFL002.any_size
package golden

type frame struct {
	data   []byte
	header []byte
	body   []byte
}

// Padding counted by a byte removes at most 255 bytes: the view keeps nearly all of the array.
func (f *frame) parse(payload []byte, padded bool) {
	var pad byte
	if padded {
		pad = payload[0]
		payload = payload[1:]
	}
	f.data = payload[:len(payload)-int(pad)]
}

// A byte-sized offset at the start, and a byte-sized trim at both ends.
func (f *frame) skip(payload []byte, hdr uint8, trailer int8) {
	f.header = payload[hdr:]
	f.body = payload[int(hdr) : len(payload)-int(trailer)]
}

// A 16-bit trim can drop 64 KiB: still reported.
func (f *frame) wide(payload []byte, pad uint16) {
	f.data = payload[:len(payload)-int(pad)] // want "GFL002 field f.data of the receiver keeps the subslice payload\\[:len\\(payload\\)-int\\(pad\\)\\]"
}
