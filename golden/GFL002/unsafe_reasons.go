// gofixleak-options: GFL002.any_size
package golden

import "io"

type Message struct {
	ID    []byte `json:"id"`
	body  []byte
	extra []byte
	tail  []byte
	seq   []byte
}

func read(r io.Reader) []byte {
	buf := make([]byte, 4096)
	n, _ := r.Read(buf)
	return buf[:n]
}

// The subslice may be nil (when read returns nil), and the package tests body for nil.
func (m *Message) parseBody(r io.Reader) {
	buf := read(r)
	m.body = buf[:len(buf)/2] // want "GFL002 field m.body of the receiver keeps the subslice buf\\[:len\\(buf\\)/2\\]"
}

func (m *Message) hasBody() bool { return m.body != nil }

// A tagged field: encoding/json writes a nil slice as null and an empty one as [].
func (m *Message) parseID(r io.Reader) {
	buf := read(r)
	m.ID = buf[:len(buf)/2] // want "GFL002 field m.ID of the receiver keeps the subslice buf\\[:len\\(buf\\)/2\\]"
}

// The destination is later grown within its capacity: the capacity is meaning, not waste (a copy
// would change what growExtra sees).  Not reported.
func (m *Message) parseExtra(r io.Reader) {
	buf := make([]byte, 4096)
	r.Read(buf)
	m.extra = buf[2:10]
}

func (m *Message) growExtra() { m.extra = m.extra[:cap(m.extra)] }

// The source is written after the store: the subslice saw the write, a copy would not.
func (m *Message) parseTail(r io.Reader) {
	buf := make([]byte, 4096)
	r.Read(buf)
	m.tail = buf[8:16] // want "GFL002 field m.tail of the receiver keeps the subslice buf\\[8:16\\]"
	buf[9] = 0
}

// The buffer went to a function of this package, which may have kept it.
func (m *Message) parseSeq(fill func([]byte) int) {
	buf := make([]byte, 4096)
	fill(buf)
	m.seq = buf[:8] // want "GFL002 field m.seq of the receiver keeps the subslice buf\\[:8\\]"
}
