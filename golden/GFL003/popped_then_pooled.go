package golden

import "sync"

// An iterator pops its buffered entries from the back as it goes (shrinking the
// length), then hands the buffer back to a pool: by then the length may be 0
// while every slot up to the capacity still points at an entry, so the fix
// clears up to the capacity.  Clearing up to the length would clear nothing.
type ppEntry struct {
	line   []byte
	labels map[string]string
}

type ppBuffer struct {
	entries []*ppEntry
}

var ppBuffers = sync.Pool{New: func() any { return new(ppBuffer) }}

type ppIterator struct {
	buf *ppBuffer
	cur *ppEntry
}

func newPPIterator(entries []*ppEntry) *ppIterator {
	buf := ppBuffers.Get().(*ppBuffer)
	buf.entries = append(buf.entries, entries...)
	return &ppIterator{buf: buf}
}

func (it *ppIterator) Next() bool {
	n := len(it.buf.entries)
	if n == 0 {
		return false
	}
	it.cur = it.buf.entries[n-1]
	it.buf.entries = it.buf.entries[:n-1]
	return true
}

func (it *ppIterator) release() {
	it.buf.entries = it.buf.entries[:0] // want "GFL003 the elements of it.buf.entries dropped by resetting it to length 0 keep their \\*ppEntry values alive while the pool holds the buffer"
	ppBuffers.Put(it.buf)
	it.buf = nil
}
