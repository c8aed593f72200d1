package golden

import (
	"crypto/cipher"
	"io"
	"os"
)

// Subslices of arrays nothing shows to be large: a caller's input decoded without copying,
// per-file tables, decoder cursors, small fixed-size buffers.  Without the any_size option none
// is reported.

type RawValue struct {
	Tag       int
	Bytes     []byte
	FullBytes []byte
}

// Zero-copy decoding into the caller's target: the caller owns its input and its lifetime.
func parseRaw(bytes []byte, offset int, v *RawValue) {
	start := offset
	offset += 2
	inner := bytes[offset : offset+int(bytes[start+1])]
	*v = RawValue{int(bytes[start]), inner, bytes[start : offset+len(inner)]}
}

type Ident struct{ Name string }

type File struct{ Unresolved []*Ident }

type resolver struct{ unresolved []*Ident }

// A prefix of a per-file slice of pointers into a tree the file keeps anyway.
func (r *resolver) finish(file *File, i int) {
	file.Unresolved = r.unresolved[0:i]
}

type buffer struct {
	data []byte
	u64  uint64
}

// A decoder cursor over the message being decoded.
func decodeField(b *buffer, data []byte, n int) {
	b.data = data[:n]
}

type msgBlock struct{ nonce, seed []byte }

// A buffer made for a key of a few dozen bytes: the nonce view pins the rest of it.
func (mb *msgBlock) newKeys(aead cipher.AEAD, seed []byte, rand io.Reader) error {
	encrypted := make([]byte, aead.NonceSize(), aead.NonceSize()+len(seed)+aead.Overhead())
	if _, err := io.ReadFull(rand, encrypted); err != nil {
		return err
	}
	mb.seed, mb.nonce = seed, encrypted[:aead.NonceSize()]
	return nil
}

const minKeySize = 64

// A key file read whole and handled as a fixed-layout record: its length is checked against a
// small constant and the view is cut at a size the cipher reports.
func (mb *msgBlock) loadKeys(path string, aead cipher.AEAD) error {
	ekey, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if len(ekey) < minKeySize {
		return io.ErrUnexpectedEOF
	}
	ns := aead.NonceSize()
	seed, err := aead.Open(nil, ekey[:ns], ekey[ns:], nil)
	if err != nil {
		return err
	}
	mb.seed, mb.nonce = seed, ekey[:ns]
	return nil
}

type zipFile struct {
	Name, Comment string
	Extra         []byte
}

// A per-entry buffer sized from the entry's header: name, extra and comment of one entry.
func readEntry(r io.Reader, f *zipFile, nameLen, extraLen, commentLen int) error {
	d := make([]byte, nameLen+extraLen+commentLen)
	if _, err := io.ReadFull(r, d); err != nil {
		return err
	}
	f.Name = string(d[:nameLen])
	f.Extra = d[nameLen : nameLen+extraLen]
	f.Comment = string(d[nameLen+extraLen:])
	return nil
}
