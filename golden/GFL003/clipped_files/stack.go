package golden

type frame struct{ locals map[string]int }

// The other file clips the stack (`s[:len(s):len(s)]`) and takes an empty, capacity-0 view
// (`s[:0:0]`): neither reaches past the length, so the pop keeps its safe fix.
type frameStack struct {
	frames []*frame
}

func (s *frameStack) pop() *frame {
	f := s.frames[len(s.frames)-1]
	s.frames = s.frames[:len(s.frames)-1] // want "GFL003 s.frames\\[len\\(s.frames\\)-1\\] keeps its \\*frame alive"
	return f
}
