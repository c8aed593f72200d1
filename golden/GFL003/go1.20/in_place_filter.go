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
