// gofixleak-options: GFL003.any_owner
package golden

import "sync"

type pfEntry struct{ Key []byte }

// A pooled request keeps the caller's entries: clearing them on release
// would wipe the caller's slice, so the fix is unsafe.
type pfRequest struct {
	entries []*pfEntry
}

var pfRequests = sync.Pool{New: func() any { return new(pfRequest) }}

func pfSend(entries []*pfEntry) *pfRequest {
	req := pfRequests.Get().(*pfRequest)
	req.entries = entries
	return req
}

func (req *pfRequest) release() {
	req.entries = req.entries[:0] // want "GFL003 the elements of req.entries dropped by resetting it to length 0 keep their \\*pfEntry values alive while the pool holds the buffer"
	pfRequests.Put(req)
}

// A pooled batch that only ever appends to its own array is safe to clear.
type pfBatch struct {
	items []*pfEntry
}

var pfBatches = sync.Pool{New: func() any { return new(pfBatch) }}

func (b *pfBatch) add(e *pfEntry) { b.items = append(b.items, e) }

func pfRelease(b *pfBatch) {
	b.items = b.items[:0] // want "GFL003 the elements of b.items dropped by resetting it to length 0 keep their \\*pfEntry values alive while the pool holds the buffer"
	pfBatches.Put(b)
}

// A pooled batch whose slice was sent to a consumer is still being read there.
type pfFlusher struct {
	items []*pfEntry
	out   chan []*pfEntry
}

var pfFlushers sync.Pool

func (f *pfFlusher) flush() {
	f.out <- f.items
	f.items = f.items[:0] // want "GFL003 the elements of f.items dropped by resetting it to length 0"
	pfFlushers.Put(f)
}
