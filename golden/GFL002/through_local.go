// gofixleak-options: GFL002.any_size
package golden

type Session struct {
	token []byte
	ids   []int64
}

// The subslice goes through a local before it is stored.
func (s *Session) start(packet []byte) {
	raw := make([]byte, len(packet))
	copy(raw, packet)
	tok := raw[4:36]
	s.token = tok // want "GFL002 field s.token of the receiver keeps tok, a subslice of raw, which pins the whole backing array of raw"
}

// The local is only read afterwards: still safe.
func (s *Session) load(all []int64) int64 {
	ids := make([]int64, len(all))
	copy(ids, all)
	first := ids[:10]
	s.ids = first // want "GFL002 field s.ids of the receiver keeps first, a subslice of ids"
	return first[0]
}
