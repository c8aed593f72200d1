package golden

// The array of s.endpoints is also the array of s.info.endpoints: zeroing
// the dropped elements would blank endpoints the info still advertises, so
// zeroing is no fix, and the rule says nothing.  Not reported.
type endpoint struct{ cert []byte }

type serverInfo struct{ endpoints []*endpoint }

type Server struct {
	endpoints []*endpoint
	info      serverInfo
}

var theServer = &Server{}

func (s *Server) addEndpoint(e *endpoint) {
	s.endpoints = append(s.endpoints, e)
	s.info.endpoints = s.endpoints
}

func (s *Server) enterLameDuck() {
	s.endpoints = s.endpoints[:0]
}
