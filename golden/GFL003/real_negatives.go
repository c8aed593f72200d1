package golden

// Shapes seen in real modules that drop nothing, or nothing that outlives its
// owner: each must stay silent.

type Entry struct{ Line string }

type Buffer[T any] struct{ data []T }

// An append within the capacity, written as a reslice past the length.
func (buf *Buffer[T]) AppendCount(value T, n int) {
	buf.data = buf.data[:len(buf.data)+n]
	for i := len(buf.data) - n; i < len(buf.data); i++ {
		buf.data[i] = value
	}
}

func (buf *Buffer[T]) Append(values ...T) {
	from := len(buf.data)
	buf.data = buf.data[:from+len(values)]
	copy(buf.data[from:], values)
}

// A field of an object the caller hands in (a response being pruned).
type Response struct{ Series []*Entry }

func prune(resp *Response, n int) {
	if n < len(resp.Series) {
		resp.Series = resp.Series[:n]
	}
}

// A merge cursor over the caller's slices.
func merge(versions ...[]*Entry) []*Entry {
	var out []*Entry
	for i := range versions {
		for len(versions[i]) > 0 {
			out = append(out, versions[i][0])
			versions[i] = versions[i][1:]
		}
	}
	return out
}

// Reset and refilled right away (a decoder filling its receiver).
type Stream struct{ Entries []Entry }

func (s *Stream) decode(lines []string) {
	s.Entries = s.Entries[:0]
	for _, l := range lines {
		s.Entries = append(s.Entries, Entry{Line: l})
	}
}

// Sizing a buffer just grown to the requested length (not a truncation).
type rowReader struct{ buf []*Entry }

func growToCap(s []*Entry, n int) []*Entry {
	if cap(s) < n {
		return make([]*Entry, n)
	}
	return s
}

func (r *rowReader) read(n int) []*Entry {
	r.buf = growToCap(r.buf, n)
	r.buf = r.buf[:n]
	return r.buf
}

// Cleared past the new length, up to the capacity, right after.
type readers struct{ list []*Entry }

func clearAll(es []*Entry) {
	for i := range es {
		es[i] = nil
	}
}

func (r *readers) reset(n int) {
	if n > len(r.list) {
		return
	}
	r.list = r.list[:n]
	clearAll(r.list[n:cap(r.list)])
}

// A scratch buffer the caller lends, reset before each use.
func aggregate(chunks [][]*Entry, buf *[]*Entry) int {
	n := 0
	for _, c := range chunks {
		*buf = (*buf)[:0]
		*buf = append(*buf, c...)
		n += len(*buf)
	}
	return n
}

// A decoder resetting its receiver's slice and filling it again by index.
type meta struct{ versions []*Entry }

func (m *meta) load(lines []string) {
	m.versions = m.versions[:0]
	for range lines {
		m.versions = m.versions[:len(m.versions)+1]
	}
	for i, l := range lines {
		m.versions[i] = &Entry{Line: l}
	}
}

// A method named for setting the length: n may be larger or smaller.
func (buf *Buffer[T]) Resize(n int) {
	buf.data = buf.data[:n]
}
