// gofixleak-options: GFL001.any_size
package golden

func register(s *Server, spec string) {
	s.addr = spec[6:20]    // want "GFL001 field s.addr \\(reached through a pointer\\)"
	registry[spec[:5]] = s // want "GFL001 a key of map registry keeps the substring spec\\[:5\\]"
}
