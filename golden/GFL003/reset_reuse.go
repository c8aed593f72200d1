package golden

import "sync"

type Request struct {
	Body []byte
}

type Batch struct {
	reqs []*Request
}

// Reset keeps the array for reuse, and with it every request of the last batch.
func (b *Batch) Reset() {
	b.reqs = b.reqs[:0] // want "GFL003 the elements of b.reqs dropped by resetting it to length 0 keep their \\*Request values alive until the backing array is freed"
}

var batchPool = sync.Pool{New: func() any { return new(Batch) }}

func release(b *Batch) {
	b.reqs = b.reqs[:0] // want "GFL003 the elements of b.reqs dropped by resetting it to length 0"
	batchPool.Put(b)
}

var slicePool sync.Pool

// A local buffer handed to the pool lives on in it.
func recycle(buf []*Request) {
	buf = buf[:0] // want "GFL003 the elements of buf dropped by resetting it to length 0 keep their \\*Request values alive while the pool holds the buffer"
	slicePool.Put(buf)
}

func recycleInline(buf []*Request) {
	slicePool.Put(buf[:0]) // want "GFL003 the elements of buf dropped by resetting it to length 0 keep their \\*Request values alive while the pool holds the buffer"
}

func recyclePointer(pool *sync.Pool, bp *[]*Request) {
	*bp = (*bp)[:0] // want "GFL003 the elements of \\*bp dropped"
	pool.Put(bp)
}

// A local slice reset for the next loop iteration dies with the function.
func batches(all []*Request) int {
	n := 0
	var cur []*Request
	for _, r := range all {
		cur = append(cur, r)
		if len(cur) == 8 {
			n++
			cur = cur[:0]
		}
	}
	return n
}
