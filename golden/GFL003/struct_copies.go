// gofixleak-options: GFL003.any_owner
package golden

type Token struct{ text string }

// A backtracking parser saves and restores its whole state, slice headers included:
// zeroing a popped token would change the state that try restores.
type scanner struct {
	pending []*Token
	pos     int
}

func (s *scanner) next() *Token {
	t := s.pending[0]
	s.pending = s.pending[1:] // want "GFL003 s.pending\\[0\\] keeps its \\*Token alive"
	return t
}

func (s *scanner) try(parse func(*scanner) bool) bool {
	saved := *s
	if !parse(s) {
		*s = saved
		return false
	}
	return true
}

// The same through an embedded value field copied as a whole.
type cursor struct {
	toks []*Token
}

type lexer struct {
	cursor
	marks []cursor
}

func (l *lexer) mark() { l.marks = append(l.marks, l.cursor) }

func (l *lexer) advance() {
	l.toks = l.toks[1:] // want "GFL003 l.toks\\[0\\] keeps its \\*Token alive"
}
