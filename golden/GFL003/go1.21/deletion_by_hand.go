// gofixleak-options: GFL003.any_owner
package golden

type Conn struct {
	addr string
}

type Server struct {
	conns []*Conn
}

// Before Go 1.22, slices.Delete did not zero the vacated element: the fix does it by hand.
func (s *Server) remove(i int) {
	s.conns = append(s.conns[:i], s.conns[i+1:]...) // want "GFL003 the element this deletion leaves behind at the end of s.conns keeps its \\*Conn alive"
}

// Two elements at once.
func (s *Server) removePair(i int) {
	s.conns = append(s.conns[:i], s.conns[i+2:]...) // want "GFL003 the element this deletion leaves behind"
}
