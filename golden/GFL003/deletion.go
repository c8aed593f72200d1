// gofixleak-options: GFL003.any_owner
package golden

type Conn struct {
	addr string
}

type Server struct {
	conns []*Conn
	names []string
}

// Removing a connection leaves a copy of the last pointer behind the new length.
func (s *Server) remove(i int) {
	s.conns = append(s.conns[:i], s.conns[i+1:]...) // want "GFL003 the element this deletion leaves behind at the end of s.conns keeps its \\*Conn alive"
}

func (s *Server) removeName(i int) {
	s.names = append(s.names[:i], s.names[i+1:]...) // want "GFL003 the element this deletion leaves behind at the end of s.names keeps its string alive"
}

// A helper that deletes from its caller's slice: zeroing the vacated slot, in the caller's
// array, is unsafe, and a deletion's leftover (a copy of the element now last) is only worth a
// finding with a safe fix.
func without(conns []*Conn, i int) []*Conn {
	return append(conns[:i], conns[i+1:]...)
}

// Deleting from a local slice that dies with the function is not a leak.
func others(conns []*Conn, i int) int {
	local := append([]*Conn(nil), conns...)
	local = append(local[:i], local[i+1:]...)
	return len(local)
}
