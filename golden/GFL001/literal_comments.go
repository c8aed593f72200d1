// gofixleak-options: GFL001.any_size
package golden

import "net/http"

type Setting struct {
	Key      string
	Value    string
	Priority int
}

var settings []*Setting

// The comments after a literal's values stay aligned the way gofmt aligns them.
func addEntry(line string, i int) {
	e := &Setting{
		Key:      line[:i],   // want "GFL001 package-level variable settings keeps the substring line\\[:i\\]"
		Value:    line[2*i:], // want "GFL001 package-level variable settings keeps the substring line\\[2\\*i:\\]"
		Priority: len(line),  // how important
	}
	settings = append(settings, e)
}

type server struct {
	path   string
	method string
}

// So do the comments of statements in a function literal inside a literal.
func newServer(s *server) *http.Server {
	return &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.path = r.URL.Path[:len(r.URL.Path)/2] // want "GFL001 field s.path \\(reached through a pointer\\)"
			s.method = r.Method                     // the method
		}),
	}
}
