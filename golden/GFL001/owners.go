// gofixleak-options: GFL001.any_size
package golden

type Lexeme struct {
	Lit string
	buf string
}

type scanner struct {
	src string
	cur *Lexeme
	tok Lexeme
	ops []any
}

// The token *s.cur is another object: it may outlive the scanner and its source.
func (s *scanner) emit(a, b int) {
	s.cur.Lit = s.src[a:b] // want "GFL001 field s.cur.Lit \\(reached through a pointer\\) keeps the substring s.src\\[a:b\\]"
	s.tok.Lit = s.src[a:b] // s.tok is part of the scanner, which keeps s.src anyway
	s.cur.Lit = s.cur.buf[a:b]
}

// Putting back the unread rest of an element keeps nothing new.
func (s *scanner) consume(n int) {
	switch op := s.ops[0].(type) {
	case string:
		s.ops[0] = op[n:]
	}
	if text, ok := s.ops[0].(string); ok && len(text) > n {
		s.ops[0] = text[n:]
	}
}
