// gofixleak-options: GFL003.any_owner
package golden

type Downloader struct {
	closed bool
	buf    []byte
}

type Label struct{ Name, Value string }

type scheduler struct {
	downloaders []*Downloader
	partitions  []*Downloader
	names       []string
	counts      []int
	all         []*Downloader
	seen        []*Downloader
}

type ctxLabels struct{ Labels []Label }

// An in-place filter: the dropped downloaders stay in the array past len(dst).
func (s *scheduler) prune() {
	dst := s.downloaders[:0]
	for _, d := range s.downloaders {
		if !d.closed {
			dst = append(dst, d)
		}
	}
	s.downloaders = dst // want "GFL003 the elements of s.downloaders the filter dropped stay in its backing array past len\\(dst\\)"
}

// The same, filtering with continue.
func (s *scheduler) dropEmpty() {
	kept := s.names[:0]
	for _, n := range s.names {
		if n == "" {
			continue
		}
		kept = append(kept, n)
	}
	s.names = kept // want "GFL003 the elements of s.names the filter dropped stay in its backing array past len\\(kept\\)"
}

// The reset written through a local alias, and nothing put back: reported
// like `c.Labels = c.Labels[:0]`.
func (c *ctxLabels) drop() {
	labels := c.Labels[:0]
	c.Labels = labels // want "GFL003 the elements of c.Labels dropped by resetting it through labels stay in its backing array"
}

// Refilled from other data through the alias: a scratch buffer, not reported
// (like `c.Labels = c.Labels[:0]` followed by appends to it).
func (c *ctxLabels) relabel(extra []Label) {
	labels := c.Labels[:0]
	for _, l := range extra {
		if l.Value != "" {
			labels = append(labels, l)
		}
	}
	c.Labels = labels
}

// Look-alikes: every element appended back (a map, not a filter) drops nothing;
// pointer-free elements hold nothing; a fresh slice does not share the array; a
// local slice dies with the function; elements already cleared.
func (s *scheduler) rename(f func(*Downloader) *Downloader) {
	out := s.all[:0]
	for _, d := range s.all {
		out = append(out, f(d))
	}
	s.all = out
}

func (s *scheduler) positive() {
	dst := s.counts[:0]
	for _, c := range s.counts {
		if c > 0 {
			dst = append(dst, c)
		}
	}
	s.counts = dst
}

func (s *scheduler) fresh() {
	dst := make([]*Downloader, 0, len(s.seen))
	for _, d := range s.seen {
		if !d.closed {
			dst = append(dst, d)
		}
	}
	s.seen = dst
}

func local(ds []*Downloader) int {
	open := ds[:0]
	for _, d := range ds {
		if !d.closed {
			open = append(open, d)
		}
	}
	ds = open
	return len(ds)
}

func (s *scheduler) prunePartitions() {
	dst := s.partitions[:0]
	for _, d := range s.partitions {
		if !d.closed {
			dst = append(dst, d)
		}
	}
	clear(s.partitions[len(dst):])
	s.partitions = dst
}
