// gofixleak-options: GFL001.any_size
package golden

type Token struct {
	Text string
	Kind string
}

var tokens []*Token

// A constructor that only returns its object leaves the choice to the caller.
func newToken(line string) *Token {
	t := &Token{Text: line[:4]}
	t.Kind = line[4:8]
	return t
}

// Here the object goes into a package-level slice, so its fields keep line alive.
func addToken(line string) {
	t := &Token{Text: line[:4]} // want "GFL001 package-level variable tokens keeps the substring line\\[:4\\]"
	t.Kind = line[4:8]          // want "GFL001 field t.Kind \\(t is kept in package-level variable tokens\\)"
	tokens = append(tokens, t)
}

// The value goes through a local first, then into an object that is stored.
func addNamed(line string) {
	name := line[:6]
	t := Token{Text: name} // want "GFL001 package-level variable tokens keeps name, a substring of line"
	tokens = append(tokens, &t)
}
