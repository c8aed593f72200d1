package golden

import "sync"

// A buffer made of pages that grow geometrically.  Truncate drops the tail
// pages, the largest buffers, but their pointers stay in the array: the type
// is exported (its lifetime is the importer's) and Write grows the same field
// again, so the buffer is reused across operations.  Reported.
type bufPage struct{ buf []byte }

type PagedBuffer struct {
	pages  []*bufPage
	length int
}

func NewPagedBuffer(size int) *PagedBuffer {
	return &PagedBuffer{pages: []*bufPage{{buf: make([]byte, 0, size)}}}
}

func (b *PagedBuffer) Write(p []byte) {
	b.pages = append(b.pages, &bufPage{buf: append([]byte(nil), p...)})
	b.length += len(p)
}

func (b *PagedBuffer) pageFor(offset int) int {
	seen := 0
	for i, p := range b.pages {
		if seen+len(p.buf) > offset {
			return i
		}
		seen += len(p.buf)
	}
	return len(b.pages) - 1
}

func (b *PagedBuffer) Truncate(n int) {
	last := b.pageFor(n)
	b.pages = b.pages[:last+1] // want "GFL003 the dropped elements b.pages\\[last\\+1:\\] keep their \\*bufPage values alive"
	b.length = n
}

// A queue in a package-level variable lives for the process: the popped
// upload's body stays reachable from the array.  Reported.
type upload struct{ body []byte }

var pendingUploads []*upload

func enqueueUpload(u *upload) { pendingUploads = append(pendingUploads, u) }

func sendOne(send func([]byte)) {
	u := pendingUploads[0]
	pendingUploads = pendingUploads[1:] // want "GFL003 pendingUploads\\[0\\] keeps its \\*upload alive"
	send(u.body)
}

// An encoder kept in a sync.Pool: its frames, with the previous user's data,
// stay reachable for as long as the pool holds it.  Reported.
type encFrame struct{ data []byte }

type frameEncoder struct{ frames []encFrame }

var frameEncoders = sync.Pool{New: func() any { return &frameEncoder{} }}

func (e *frameEncoder) add(b []byte) { e.frames = append(e.frames, encFrame{data: b}) }

func (e *frameEncoder) release() {
	e.frames = e.frames[:0] // want "GFL003 the elements of e.frames dropped by resetting it to length 0 keep their encFrame values alive"
	frameEncoders.Put(e)
}

// An unexported heap held by an exported scheduler: Push grows it, and
// dropping the lowest task leaves its payload in the array.  Reported.
type schedTask struct {
	payload []byte
	prio    int
}

type schedHeap []*schedTask

func (h schedHeap) Len() int           { return len(h) }
func (h schedHeap) Less(i, j int) bool { return h[i].prio < h[j].prio }
func (h schedHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *schedHeap) Push(x any)        { *h = append(*h, x.(*schedTask)) }

func (h *schedHeap) dropLast() {
	*h = (*h)[:len(*h)-1] // want "GFL003 \\(\\*h\\)\\[len\\(\\*h\\)-1\\] keeps its \\*schedTask alive"
}

type Scheduler struct{ queue schedHeap }

func NewScheduler() *Scheduler { return &Scheduler{} }

func (s *Scheduler) Shed() {
	if s.queue.Len() > 100 {
		s.queue.dropLast()
	}
}

// A queue's Pop that returns the job: its caller may drop the job at once,
// while the slot before the window keeps its payload.  Reported.
var pendingJobs []*upload

func popJob() *upload {
	j := pendingJobs[0]
	pendingJobs = pendingJobs[1:] // want "GFL003 pendingJobs\\[0\\] keeps its \\*upload alive"
	return j
}

func pushJob(j *upload) { pendingJobs = append(pendingJobs, j) }
