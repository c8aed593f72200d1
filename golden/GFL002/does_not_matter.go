// gofixleak-options: GFL002.any_size
package golden

import (
	"encoding/binary"
	"io"
)

// Subslices stored for good that keep nothing alive the program would not keep anyway, or keep
// capacity on purpose: none is reported, and none gets a fix.  Each shape was seen in real code
// (time-series databases, storage engines, RPC streams, interpreters, buffer pools).

// A buffer grown by an append-style encoder and kept for reuse: the destination keeps its length
// and the capacity it grew to.
type ByteBuffer struct {
	B []byte
}

func marshalTag(dst, tag []byte) []byte { return append(dst, tag...) }

func matchTags(kb *ByteBuffer, tag []byte) []byte {
	b := marshalTag(kb.B, tag)
	kb.B = b[:len(kb.B)]
	return b
}

// An interpreter reserving capacity: the capacity of the stored slice is meaning, not waste.
type Value struct{ n int }

type Frame struct {
	env map[int][]Value
}

func (f *Frame) alloc(id, length, capacity int) {
	slice := make([]Value, capacity)
	f.env[id] = slice[:length]
}

// Arenas: each piece is the tail just appended to a buffer the same object owns.
type Sample struct{ v float64 }

type Series struct {
	Samples []Sample
}

type writeRequest struct {
	samples []Sample
}

func (wr *writeRequest) reset() { wr.samples = wr.samples[:0] }

func (wr *writeRequest) copySeries(dst *Series, src []Sample) {
	samplesLen := len(wr.samples)
	wr.samples = append(wr.samples, src...)
	dst.Samples = wr.samples[samplesLen:]
}

// A buffer its owner recycles: the array stays alive with the owner whatever views it hands out.
type parallelReader struct {
	buf [][]byte
}

func (p *parallelReader) read(readers []io.ReaderAt, size int, out [][]byte) {
	for i, r := range readers {
		p.buf[i] = p.buf[i][:size]
		n, _ := r.ReadAt(p.buf[i], 0)
		out[i] = p.buf[i][:n]
	}
}

// A pool that checks capacities keeps them on purpose.
type BytePool struct {
	c    chan []byte
	w    int
	wcap int
}

func (bp *BytePool) Put(b []byte) {
	if cap(b) != bp.wcap {
		return
	}
	select {
	case bp.c <- b[:bp.w]:
	default:
	}
}

// A remainder kept to be read next: the package advances it, then drops it.
type reader struct {
	remaining []byte
	recv      func() ([]byte, error)
}

func (r *reader) Read(p []byte) (int, error) {
	if len(r.remaining) > 0 {
		n := copy(p, r.remaining)
		r.remaining = r.remaining[n:]
		return n, nil
	}
	data, err := r.recv()
	if err != nil {
		return 0, err
	}
	n := copy(p, data)
	if len(data) > n {
		r.remaining = data[n:]
	}
	return n, nil
}

// The same object already keeps the whole array: as a whole view, or through the object the
// array is reached from.
type conn struct {
	buf     []byte
	lastBuf []byte
}

type message struct{ Data []byte }

func (c *conn) receive(m *message, b []byte) int {
	c.buf = m.Data[:cap(m.Data)]
	n := copy(b, m.Data)
	if n < len(m.Data) {
		c.lastBuf = m.Data[n:]
	}
	return n
}

type Block struct {
	data       []byte
	indexStart int
}

type blockIterator struct {
	block *Block
	data  []byte
}

func (itr *blockIterator) setBlock(b *Block) {
	itr.block = b
	itr.data = b.data[:b.indexStart]
}

// An object made for the owner and nothing else (`db: &decbuf{}`) is part of it.
type decbuf struct{ B []byte }

type postingsIterator struct {
	input []byte
	db    *decbuf
}

func newPostingsIterator(input []byte) *postingsIterator {
	return &postingsIterator{input: input, db: &decbuf{}}
}

func (it *postingsIterator) next(n int) {
	it.db.B = it.input[4:n]
	it.input = it.input[n:]
}

// A header of a few bytes (a varint's size) dropped from a value.
type ValueStruct struct {
	Meta      byte
	ExpiresAt uint64
	Value     []byte
}

func (v *ValueStruct) Decode(b []byte) {
	v.Meta = b[0]
	var sz int
	v.ExpiresAt, sz = binary.Uvarint(b[1:])
	v.Value = b[1+sz:]
}

// The code says the view is deliberate.
type Buckets struct {
	data []byte
}

// DecodeFrom keeps a reference to the original data buffer, unlike ReadFrom, which copies.
func (b *Buckets) DecodeFrom(data []byte) int {
	start := 8
	end := start + int(binary.BigEndian.Uint32(data[:4]))
	b.data = data[start:end]
	return end
}
