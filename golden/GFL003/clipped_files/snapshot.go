// gofixleak-options: GFL003.any_owner
package golden

func (s *frameStack) depthWith(extra ...*frame) int {
	return len(append(s.frames[:len(s.frames):len(s.frames)], extra...))
}

func (s *frameStack) emptyView() int {
	return cap(s.frames[:0:0])
}
