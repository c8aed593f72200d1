// gofixleak-options: GFL001.any_size
package golden

import "strings"

type Session struct {
	user string
	tags map[string]bool
}

func (s *Session) Login(header string) {
	i := strings.IndexByte(header, ':')
	user := header[:i]
	s.user = user // want "GFL001 field s.user of the receiver keeps user, a substring of header"
	for _, tag := range strings.Fields(header[i+1:]) {
		s.tags[tag] = true
	}
}

func (s *Session) Rename(header string) {
	// name is reassigned, so it is not always a substring: left alone.
	name := header[:4]
	if name == "anon" {
		name = "guest"
	}
	s.user = name
}
